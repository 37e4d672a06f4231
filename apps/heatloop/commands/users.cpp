// `heatloop users add NAME --role R` and `heatloop users list`: the web app's users.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "commands/command.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/io/workspace.hpp"
#include "heatloop/web/passwords.hpp"
#include "heatloop/web/users.hpp"

namespace heatloop::cli {

namespace {

struct UsersArgs {
    std::string workspace;
    std::string name;
    std::string role;
    bool password_stdin = false;
};

std::unique_ptr<store::Db> open_db(const std::string& workspace, const GlobalOptions& global) {
    if (!store::is_postgres_url(global.db) && !io::Workspace::is_workspace(workspace))
        throw NotFoundError(fmt::format("workspace {} not found", workspace));
    return store::open_workspace_db(workspace, global.db);
}

void add_command(const UsersArgs& a, const GlobalOptions& global) {
    const web::Role role = web::parse_role(a.role);
    std::string password;
    if (a.password_stdin) {
        std::getline(std::cin, password);
        if (!password.empty() && password.back() == '\r') password.pop_back();
    } else {
        password = web::random_password();
    }
    auto db = open_db(a.workspace, global);
    const web::User u = web::UserStore(*db).add(a.name, role, password);
    if (global.json) {
        nlohmann::json j{{"name", u.name}, {"role", web::role_name(u.role)}};
        if (!a.password_stdin) j["password"] = password;
        std::cout << j.dump(2) << "\n";
    } else if (a.password_stdin) {
        fmt::print("user {} ({}) added\n", u.name, web::role_name(u.role));
    } else {
        fmt::print("user {} ({}) added; password: {}\n", u.name, web::role_name(u.role), password);
    }
}

void list_command(const UsersArgs& a, const GlobalOptions& global) {
    auto db = open_db(a.workspace, global);
    const auto users = web::UserStore(*db).list();
    if (global.json) {
        nlohmann::json out = nlohmann::json::array();
        for (const auto& u : users)
            out.push_back({{"name", u.name}, {"role", web::role_name(u.role)}});
        std::cout << out.dump(2) << "\n";
        return;
    }
    for (const auto& u : users) fmt::print("{:<24} {}\n", u.name, web::role_name(u.role));
}

}  // namespace

void add_users(CLI::App& app, const GlobalOptions& global) {
    auto* users = app.add_subcommand("users", "users of the web app (heatloop serve)");
    users->require_subcommand(1);

    auto a = std::make_shared<UsersArgs>();
    auto* add = users->add_subcommand("add",
                                      "add a user; prints a generated password unless "
                                      "--password-stdin");
    add->add_option("name", a->name, "user name")->required();
    add->add_option("--role", a->role, "viewer, reviewer or admin")->required();
    add_workspace_option(*add, a->workspace);
    add->add_flag("--password-stdin", a->password_stdin, "read the password from stdin");
    add->callback([a, &global] { add_command(*a, global); });

    auto l = std::make_shared<UsersArgs>();
    auto* list = users->add_subcommand("list", "list the users and their roles");
    add_workspace_option(*list, l->workspace);
    list->callback([l, &global] { list_command(*l, global); });
}

}  // namespace heatloop::cli
