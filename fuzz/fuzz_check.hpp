#pragma once
// What every fuzz target shares: FUZZ_CHECK, an invariant that aborts (a finding) when it
// fails, naming the condition. Exceptions a target does not catch reach libFuzzer as a crash
// ("terminate called after throwing ..."), so each target catches only the error types its
// code under test documents.

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(cond)                                                                 \
    do {                                                                                 \
        if (!(cond)) {                                                                   \
            std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__, \
                         __LINE__);                                                      \
            std::abort();                                                                \
        }                                                                                \
    } while (0)
