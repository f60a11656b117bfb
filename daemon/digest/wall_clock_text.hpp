// SPDX-License-Identifier: MIT
#pragma once
// Wall-clock times as a digest shows them, in English and independent of the process locale:
// "Tue 12 Nov 2024", "Tue 12 Nov 09:30", "09:30". Pure; safe on any thread.

#include <chrono>
#include <string>

namespace newswatch::daemon {

std::string day_text(std::chrono::local_days day);                  // "Tue 12 Nov"
std::string day_with_year_text(std::chrono::local_days day);        // "Tue 12 Nov 2024"
std::string clock_text(std::chrono::local_seconds time);            // "09:30"
std::string day_and_clock_text(std::chrono::local_seconds time);    // "Tue 12 Nov 09:30"

}  // namespace newswatch::daemon
