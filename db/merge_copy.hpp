// Internal to db/merge: copies one input, attached as schema `src` and at the current
// schema version, into `main`, remapping run, device, host and response ids. Runs in
// the caller's transaction; returns the first failing statement's status.
#pragma once

#include "db/merge.hpp"
#include "db/sqlite.hpp"

namespace iotprobe::db {

status copy_attached_store(database& db, merge_input_report& report);

}  // namespace iotprobe::db
