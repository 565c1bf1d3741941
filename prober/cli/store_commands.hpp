// The store's subcommands (batch, lookup, churn, export, ledger, report, merge), registered by
// add_store_commands in store_command.cpp. Each reads or writes the SQLite store (--db,
// default ./iotprobe.db); the lookups never write and work while a batch is writing.
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace iotprobe::cli {

inline const std::string default_db_path = "iotprobe.db";

void add_batch_command(CLI::App& app, int& exit_code);
void add_follow_command(CLI::App& app, int& exit_code);  // follow_command.cpp
void add_lookup_command(CLI::App& app, int& exit_code);
void add_ledger_command(CLI::App& app, int& exit_code);  // ledger rebuild (ledger_command.cpp)
void add_report_command(CLI::App& app, int& exit_code);  // report_command.cpp
void add_merge_command(CLI::App& app, int& exit_code);   // merge_command.cpp (issue 16)

}  // namespace iotprobe::cli
