// SPDX-License-Identifier: MIT
#include "daemon/receivers/file_receiver.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>

#include <fmt/format.h>

namespace newswatch::daemon {

FileReceiver::FileReceiver(std::string name, std::filesystem::path path)
    : name_(std::move(name)), path_(std::move(path)) {}

void FileReceiver::deliver(const OutboxEntry& entry, Done done) {
  std::unique_ptr<FILE, decltype(&std::fclose)> file(std::fopen(path_.c_str(), "ae"), &std::fclose);
  DeliveryOutcome outcome;
  if (!file) {
    outcome.error = fmt::format("cannot open {}: {}", path_.string(), std::strerror(errno));
  } else {
    // One write per line, so concurrent readers never see half an alert.
    const std::string line = entry.payload + '\n';
    if (std::fwrite(line.data(), 1, line.size(), file.get()) != line.size() || std::fflush(file.get()) != 0)
      outcome.error = fmt::format("cannot write {}: {}", path_.string(), std::strerror(errno));
    else
      outcome.ok = true;
  }
  done(std::move(outcome));
}

}  // namespace newswatch::daemon
