// A run's note over HTTP: GET and PUT /api/v1/runs/{run_id}/note, the note in the run page's
// GET /api/v1/runs/{run_id}, roles, the 409 of a stale version and 400s for bad input.
#include <gtest/gtest.h>

#include <string>

#include "api_fixture.hpp"
#include "heatloop/store/db.hpp"
#include "heatloop/tracking/run_store.hpp"

namespace heatloop::web::testing {

namespace {

const char* k_units = "unit_id,type,location\nhp1,ASHP,Bern\n";
const char* k_sensors = "timestamp,unit_id,t_supply\n2024-01-01T00:00:00Z,hp1,30\n";

std::string make_run(const ApiServer& server) {
    auto db = store::open_workspace_db(server.workspace());
    tracking::RunSpec spec;
    spec.name = "noted";
    spec.detect_git_commit = false;
    return tracking::RunStore(*db).create_run(spec).id;
}

}  // namespace

TEST(RunNotesApi, SaveReadConflictAndTheRunPage) {
    ApiServer server(k_units, k_sensors);
    const std::string run = make_run(server);
    const std::string path = "/api/v1/runs/" + run + "/note";
    ApiClient rita = server.client("rita"), admin = server.client("admin");

    Reply empty = rita.get(path);
    ASSERT_EQ(empty.status, 200) << empty.body.dump();
    EXPECT_EQ(empty.body.at("version"), 0);
    EXPECT_EQ(empty.body.at("text"), "");
    EXPECT_TRUE(empty.body.at("author").is_null());

    Reply saved = rita.put(path, {{"text", "threshold too low\n<b>not html</b>"}, {"version", 0}});
    ASSERT_EQ(saved.status, 200) << saved.body.dump();
    EXPECT_EQ(saved.body.at("version"), 1);
    EXPECT_EQ(saved.body.at("author"), "rita");
    EXPECT_TRUE(saved.body.at("written_at").is_number_integer());

    // The admin edits version 1 first; rita's edit of version 1 is then stale.
    ASSERT_EQ(admin.put(path, {{"text", "admin's text"}, {"version", 1}}).status, 200);
    Reply stale = rita.put(path, {{"text", "rita's second thought"}, {"version", 1}});
    EXPECT_EQ(stale.status, 409) << stale.body.dump();
    EXPECT_EQ(stale.body.at("error").at("code"), "conflict");
    EXPECT_EQ(stale.body.at("current").at("version"), 2);
    EXPECT_EQ(stale.body.at("current").at("text"), "admin's text");
    EXPECT_EQ(stale.body.at("current").at("author"), "admin");
    EXPECT_EQ(rita.get(path).body.at("text"), "admin's text");

    // The run page carries the note (a running run: no metrics, still a page).
    Reply page = rita.get("/api/v1/runs/" + run);
    ASSERT_EQ(page.status, 200) << page.body.dump();
    EXPECT_EQ(page.body.at("note").at("version"), 2);
    EXPECT_EQ(page.body.at("note").at("text"), "admin's text");

    // The store kept every version.
    auto db = store::open_workspace_db(server.workspace());
    EXPECT_EQ(tracking::RunStore(*db).note_history(run).size(), 2u);
}

TEST(RunNotesApi, ViewersReadOnlyAndBadInputIsA400NamingTheField) {
    ApiServer server(k_units, k_sensors);
    const std::string run = make_run(server);
    const std::string path = "/api/v1/runs/" + run + "/note";
    ApiClient vic = server.client("vic"), rita = server.client("rita");

    EXPECT_EQ(vic.get(path).status, 200);
    EXPECT_EQ(vic.put(path, {{"text", "x"}, {"version", 0}}).status, 403);
    EXPECT_EQ(server.client("").get(path).status, 401);

    auto field_of = [&](const nlohmann::json& body) {
        Reply r = rita.put(path, body);
        EXPECT_EQ(r.status, 400) << body.dump() << " -> " << r.body.dump();
        return r.status == 400 ? r.body.at("error").at("field").get<std::string>() : "";
    };
    EXPECT_EQ(field_of({{"text", "x"}}), "version");
    EXPECT_EQ(field_of({{"text", "x"}, {"version", -1}}), "version");
    EXPECT_EQ(field_of({{"text", "x"}, {"version", "1"}}), "version");
    EXPECT_EQ(field_of({{"version", 0}}), "text");
    EXPECT_EQ(field_of({{"text", 5}, {"version", 0}}), "text");
    EXPECT_EQ(field_of({{"text", std::string(64 * 1024 + 1, 'x')}, {"version", 0}}), "text");
    EXPECT_EQ(field_of({{"text", std::string("a\0b", 3)}, {"version", 0}}), "text");
    EXPECT_EQ(field_of({{"text", "x"}, {"version", 0}, {"author", "mallory"}}), "author");
    EXPECT_EQ(rita.get(path).body.at("version"), 0);  // nothing was saved

    EXPECT_EQ(rita.get("/api/v1/runs/ffffffffffffffffffffffffffffffff/note").status, 404);
    EXPECT_EQ(rita.put("/api/v1/runs/ffffffffffffffffffffffffffffffff/note",
                       {{"text", "x"}, {"version", 0}})
                  .status,
              404);
}

}  // namespace heatloop::web::testing
