// SPDX-License-Identifier: MIT
#pragma once
// Pieces of an alert's human-readable text, shared by the console and the chat presets.
// Pure; safe on any thread; a payload of the wrong shape gives what it can, never throws.

#include <string>

#include <nlohmann/json_fwd.hpp>

namespace newswatch::daemon {

// Why it fired, from a version-1 payload's highlights: each term once per field, fields in
// first-hit order: "title: Xi, talks · summary: summit". Empty when there are none.
std::string why_line(const nlohmann::json& payload);

}  // namespace newswatch::daemon
