// `heatloop labels import FILE` and `heatloop labels export`.
#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands/labels/labels_common.hpp"
#include "heatloop/core/error.hpp"
#include "heatloop/store/label_file.hpp"

namespace heatloop::cli::labels {

namespace {

struct ImportOptions {
    CommonOptions common;
    std::string file;
    std::string format;
    std::string source = "import";
};

void run_import(const ImportOptions& o, const GlobalOptions& global) {
    store::Actor who = actor(o.common);
    store::check_source(o.source);
    std::optional<store::LabelFileFormat> format;
    if (!o.format.empty()) format = store::parse_label_format(o.format);
    // Parse (and so find the file's own problems) before touching the store.
    store::LabelFile file = store::read_label_file(o.file, format, o.source);
    Store s = open_store(o.common, global, true);
    store::ImportResult r = s.service->import_labels(file, who);
    if (global.json)
        std::cout << nlohmann::json{{"revision", r.revision}, {"imported", r.imported}}.dump()
                  << "\n";
    else
        fmt::print("imported {} labels from {} as revision {}\n", r.imported, o.file, r.revision);
}

struct ExportOptions {
    CommonOptions common;
    ReadOptions read;
    std::string format;
    std::string out;
};

void run_export(const ExportOptions& o, const GlobalOptions& global) {
    store::LabelFileFormat format = store::LabelFileFormat::csv;
    if (!o.format.empty())
        format = store::parse_label_format(o.format);
    else if (!o.out.empty())
        format = store::label_format_of(o.out);
    else if (global.json)
        format = store::LabelFileFormat::json;
    Store s = open_store(o.common, global, false);
    auto labels = s.service->list(make_query(o.read));
    if (o.out.empty()) {
        store::write_labels(std::cout, labels, format);
        std::cout.flush();
        return;
    }
    // Written beside the target and renamed, so a failed export leaves no half file.
    const std::filesystem::path out = o.out, tmp = o.out + ".tmp";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw IoError(fmt::format("export: cannot write {}", tmp.string()));
        store::write_labels(f, labels, format);
        f.close();
        if (!f) throw IoError(fmt::format("export: writing {} failed", tmp.string()));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, out, ec);
    if (ec)
        throw IoError(fmt::format("export: cannot rename {} to {}: {}", tmp.string(), out.string(),
                                  ec.message()));
    if (!global.json) fmt::print(stderr, "exported {} labels to {}\n", labels.size(), out.string());
}

}  // namespace

void add_import(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<ImportOptions>();
    auto* cmd = labels.add_subcommand(
        "import", "import a CSV or JSON label file, all or nothing (one new revision)");
    cmd->add_option("file", o->file,
                    "labels: unit_id,start,end,category,confidence,status,"
                    "reviewer,notes")
        ->required();
    add_common_options(*cmd, o->common);
    cmd->add_option("--format", o->format, "csv or json (default: by file extension)")
        ->check(CLI::IsMember({"csv", "json"}));
    cmd->add_option("--source", o->source,
                    "provenance: import, human, field_visit, service_ticket or run:<id>")
        ->capture_default_str();
    cmd->callback([o, &global] { run_import(*o, global); });
}

void add_export(CLI::App& labels, const GlobalOptions& global) {
    auto o = std::make_shared<ExportOptions>();
    auto* cmd = labels.add_subcommand("export", "write the labels (now or at a past revision)");
    add_common_options(*cmd, o->common, false);
    add_read_options(*cmd, o->read, true);
    cmd->add_option("--format", o->format, "csv (the import columns) or json (every field)")
        ->check(CLI::IsMember({"csv", "json"}));
    cmd->add_option("--out,-o", o->out, "write to this file instead of stdout");
    cmd->callback([o, &global] { run_export(*o, global); });
}

}  // namespace heatloop::cli::labels
