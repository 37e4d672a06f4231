// Load generator for `heatloop serve` (bench/compare_web.sh drives it): latency of the series
// endpoint, and label create/update throughput with many concurrent clients followed by a
// check that no write was lost or duplicated. Prints one JSON document on stdout.
//
//   web_load --url http://127.0.0.1:8080 --user U --password P
//            series --unit ID --channels a,b,c,d --width 2000 --requests 200
//   web_load --url ... --user U --password P labels --unit ID --clients 50 --per-client 40
#include <fmt/format.h>
#include <httplib.h>
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using json = nlohmann::json;

struct Session {
    std::string cookie, csrf;
};

// Signs in and returns the session cookie and CSRF token.
Session sign_in(const std::string& url, const std::string& user, const std::string& password) {
    httplib::Client c(url);
    const auto r =
        c.Post("/api/v1/session", json{{"username", user}, {"password", password}}.dump(),
               "application/json");
    if (!r || r->status != 200)
        throw std::runtime_error(fmt::format(
            "sign-in as {} failed: {}", user,
            r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error())));
    Session s;
    const std::string set_cookie = r->get_header_value("Set-Cookie");
    s.cookie = set_cookie.substr(0, set_cookie.find(';'));
    s.csrf = json::parse(r->body).at("csrf_token").get<std::string>();
    return s;
}

std::unique_ptr<httplib::Client> client(const std::string& url, const Session& s) {
    auto c = std::make_unique<httplib::Client>(url);
    c->set_keep_alive(true);
    c->set_tcp_nodelay(true);
    c->set_read_timeout(30, 0);
    c->set_default_headers({{"Cookie", s.cookie}, {"X-CSRF-Token", s.csrf}});
    return c;
}

double ms_since(Clock::time_point t0) {
    return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

json latency_summary(std::vector<double> ms) {
    if (ms.empty()) return json::object();
    std::sort(ms.begin(), ms.end());
    auto q = [&](double p) {
        const auto i = static_cast<std::size_t>(p * static_cast<double>(ms.size() - 1) + 0.5);
        return ms[std::min(i, ms.size() - 1)];
    };
    double sum = 0;
    for (double v : ms) sum += v;
    return {{"n", ms.size()},    {"mean_ms", sum / static_cast<double>(ms.size())},
            {"p50_ms", q(0.5)},  {"p90_ms", q(0.9)},
            {"p99_ms", q(0.99)}, {"max_ms", ms.back()}};
}

json run_series(const std::string& url, const Session& s, const std::string& unit,
                const std::string& channels, int width, int requests) {
    auto c = client(url, s);
    const std::string path =
        fmt::format("/api/v1/units/{}/series?channels={}&width={}", unit, channels, width);
    std::vector<double> ms;
    std::size_t points = 0, bytes = 0;
    for (int i = 0; i < requests + 3; ++i) {
        const auto t0 = Clock::now();
        const auto r = c->Get(path);
        const double took = ms_since(t0);
        if (!r || r->status != 200)
            throw std::runtime_error(fmt::format(
                "GET {} failed: {}", path,
                r ? std::to_string(r->status) + " " + r->body : httplib::to_string(r.error())));
        if (i < 3) continue;  // warm-up: the first request loads the unit
        ms.push_back(took);
        bytes = r->body.size();
        points = json::parse(r->body).at("t").size();
    }
    json out = latency_summary(ms);
    out["path"] = path;
    out["points_per_channel"] = points;
    out["response_bytes"] = bytes;
    return out;
}

json run_labels(const std::string& url, const Session& s, const std::string& unit, int clients,
                int per_client, std::int64_t start_ms, int interval_ms) {
    std::vector<std::vector<double>> create_ms(clients), update_ms(clients);
    std::vector<std::vector<std::int64_t>> ids(clients);
    std::atomic<int> failures{0};
    std::string first_error;
    std::mutex error_mutex;
    const std::string tag = fmt::format("load-{}", Clock::now().time_since_epoch().count());
    const auto t0 = Clock::now();
    std::vector<std::thread> threads;
    for (int k = 0; k < clients; ++k)
        threads.emplace_back([&, k] {
            auto c = client(url, s);
            auto fail = [&](const std::string& what, const httplib::Result& r) {
                ++failures;
                std::lock_guard lock(error_mutex);
                if (first_error.empty())
                    first_error = fmt::format("{}: {}", what,
                                              r ? std::to_string(r->status) + " " + r->body
                                                : httplib::to_string(r.error()));
            };
            // Paced clients start one write pair every interval_ms (staggered); 0 = back to back.
            auto next = Clock::now() + std::chrono::milliseconds(interval_ms * k / clients);
            for (int i = 0; i < per_client; ++i) {
                if (interval_ms > 0) {
                    std::this_thread::sleep_until(next);
                    next += std::chrono::milliseconds(interval_ms);
                }
                // Each label its own hour, so the check below can find every one.
                const std::int64_t begin =
                    start_ms + (static_cast<std::int64_t>(k) * per_client + i) * 3'600'000;
                const json body{
                    {"unit_id", unit},          {"start", begin},
                    {"end", begin + 1'800'000}, {"category", "unknown_anomaly"},
                    {"confidence", 0.5},        {"notes", fmt::format("{}-{}-{}", tag, k, i)}};
                auto t = Clock::now();
                const auto r = c->Post("/api/v1/labels", body.dump(), "application/json");
                create_ms[k].push_back(ms_since(t));
                if (!r || r->status != 201) {
                    fail("create", r);
                    continue;
                }
                const json label = json::parse(r->body);
                ids[k].push_back(label.at("id").get<std::int64_t>());
                t = Clock::now();
                const auto u =
                    c->Patch(fmt::format("/api/v1/labels/{}", label.at("id").get<std::int64_t>()),
                             json{{"version", label.at("version")}, {"confidence", 0.9}}.dump(),
                             "application/json");
                update_ms[k].push_back(ms_since(t));
                if (!u || u->status != 200) fail("update", u);
            }
        });
    for (auto& t : threads) t.join();
    const double seconds = ms_since(t0) / 1000.0;

    // Every label written exactly once, with its update applied.
    auto c = client(url, s);
    const auto r = c->Get(fmt::format("/api/v1/units/{}/labels", unit));
    if (!r || r->status != 200) throw std::runtime_error("listing the labels afterwards failed");
    std::map<std::string, int> seen;
    std::size_t updated = 0;
    const json listed = json::parse(r->body);  // (not a temporary: the loop keeps a reference)
    for (const json& l : listed.at("labels")) {
        const std::string notes = l.value("notes", "");
        if (notes.rfind(tag + "-", 0) != 0) continue;
        ++seen[notes];
        if (l.at("version").get<int>() == 2 && l.at("confidence").get<double>() == 0.9) ++updated;
    }
    std::size_t duplicated = 0;
    for (const auto& [notes, n] : seen) duplicated += static_cast<std::size_t>(n - 1);
    const std::size_t expected = static_cast<std::size_t>(clients) * per_client;
    std::vector<double> all_create, all_update;
    for (int k = 0; k < clients; ++k) {
        all_create.insert(all_create.end(), create_ms[k].begin(), create_ms[k].end());
        all_update.insert(all_update.end(), update_ms[k].begin(), update_ms[k].end());
    }
    return {
        {"clients", clients},
        {"writes", all_create.size() + all_update.size()},
        {"seconds", seconds},
        {"writes_per_second", static_cast<double>(all_create.size() + all_update.size()) / seconds},
        {"create", latency_summary(all_create)},
        {"update", latency_summary(all_update)},
        {"failed_requests", failures.load()},
        {"first_error", first_error},
        {"expected_labels", expected},
        {"found_labels", seen.size()},
        {"lost", expected - std::min(expected, seen.size())},
        {"duplicated", duplicated},
        {"updated", updated}};
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"load generator for heatloop serve; prints JSON"};
    std::string url = "http://127.0.0.1:8080", user, password, unit, channels;
    int width = 2000, requests = 200, clients = 50, per_client = 40, interval_ms = 0;
    std::int64_t start_ms = 0;
    app.add_option("--url", url)->capture_default_str();
    app.add_option("--user", user)->required();
    app.add_option("--password", password)->required();
    auto* series = app.add_subcommand("series", "latency of GET /units/{unit}/series");
    series->add_option("--unit", unit)->required();
    series->add_option("--channels", channels)->required();
    series->add_option("--width", width)->capture_default_str();
    series->add_option("--requests", requests)->capture_default_str();
    auto* labels = app.add_subcommand("labels", "concurrent label create + update");
    labels->add_option("--unit", unit)->required();
    labels->add_option("--clients", clients)->capture_default_str();
    labels->add_option("--per-client", per_client)->capture_default_str();
    labels->add_option("--start-ms", start_ms, "start of the first label (Unix ms)")->required();
    labels
        ->add_option("--interval-ms", interval_ms,
                     "each client starts a create + update every this many ms (0 = back to "
                     "back: a closed loop at saturation)")
        ->capture_default_str();
    app.require_subcommand(1);
    CLI11_PARSE(app, argc, argv);
    try {
        const Session s = sign_in(url, user, password);
        const json out = series->parsed()
                             ? run_series(url, s, unit, channels, width, requests)
                             : run_labels(url, s, unit, clients, per_client, start_ms, interval_ms);
        std::cout << out.dump(2) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << "\n";
        return 1;
    }
    return 0;
}
