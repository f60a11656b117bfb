// SPDX-License-Identifier: MIT
#pragma once
// Appends each payload as one JSON line to a file (for logs and scripts). The file is opened
// for each write, so logrotate can move it at any time. Io thread only.

#include <filesystem>

#include "daemon/receivers/receiver.hpp"

namespace newswatch::daemon {

class FileReceiver final : public Receiver {
 public:
  FileReceiver(std::string name, std::filesystem::path path);
  const std::string& name() const override { return name_; }
  void deliver(const OutboxEntry& entry, Done done) override;

 private:
  std::string name_;
  std::filesystem::path path_;
};

}  // namespace newswatch::daemon
