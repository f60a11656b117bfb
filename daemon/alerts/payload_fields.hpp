// SPDX-License-Identifier: MIT
#pragma once
// Reading members of a stored payload that may be damaged (an old or hand-edited outbox row):
// a member that is missing or of the wrong type reads as empty, so a receiver shows what it
// can and never throws. Shared by the console, chat presets, email and the "why" line.
// Pure; any thread. Returned references point at the payload or at static empty values.

#include <string>

#include <nlohmann/json.hpp>

namespace newswatch::daemon {

const nlohmann::json& object_member(const nlohmann::json& j, const char* key);
const nlohmann::json& array_member(const nlohmann::json& j, const char* key);
std::string text_member(const nlohmann::json& j, const char* key);
// ASCII upper case ("high" → "HIGH"), for severities.
std::string upper_ascii(std::string s);

}  // namespace newswatch::daemon
