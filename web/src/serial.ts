// Runs async actions one after another, in the order they were asked for: a review key pressed
// while the previous decision is still being recorded (and the items reloaded) waits for it
// instead of being dropped. A failed action does not stop the ones after it.
export type Serial = (f: () => Promise<void>) => Promise<void>;

export function serial(): Serial {
  let chain: Promise<void> = Promise.resolve();
  return (f) => {
    const run = chain.then(f, f);
    chain = run.catch(() => undefined);
    return run;
  };
}
