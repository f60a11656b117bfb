// SPDX-License-Identifier: MIT
#include "daemon/receivers/file_receiver.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

using ::testing::HasSubstr;

class FileReceiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("newswatch-file-receiver-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  static OutboxEntry entry(std::string payload) {
    OutboxEntry e;
    e.event_id = "evt-x";
    e.receiver = "log";
    e.payload = std::move(payload);
    return e;
  }

  static std::vector<std::string> lines_of(const std::filesystem::path& file) {
    std::ifstream in(file);
    std::vector<std::string> out;
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  }

  std::filesystem::path dir_;
};

TEST_F(FileReceiverTest, AppendsOneLinePerDelivery) {
  const auto file = dir_ / "alerts.jsonl";
  {
    std::ofstream existing(file);
    existing << "{\"earlier\":true}\n";
  }
  FileReceiver receiver("log", file);
  EXPECT_EQ(receiver.name(), "log");
  int ok = 0;
  receiver.deliver(entry(R"({"id":"evt-1","n":1})"), [&](DeliveryOutcome o) { ok += o.ok; });
  receiver.deliver(entry(R"({"id":"evt-2","n":2})"), [&](DeliveryOutcome o) { ok += o.ok; });
  EXPECT_EQ(ok, 2);
  EXPECT_EQ(lines_of(file), (std::vector<std::string>{R"({"earlier":true})", R"({"id":"evt-1","n":1})",
                                                      R"({"id":"evt-2","n":2})"}));
}

TEST_F(FileReceiverTest, CreatesTheFile) {
  const auto file = dir_ / "new.jsonl";
  FileReceiver receiver("log", file);
  bool called = false;
  receiver.deliver(entry("{}"), [&](DeliveryOutcome o) {
    called = true;
    EXPECT_TRUE(o.ok);
    EXPECT_EQ(o.error, "");
  });
  EXPECT_TRUE(called);
  EXPECT_EQ(lines_of(file), std::vector<std::string>{"{}"});
}

TEST_F(FileReceiverTest, UnwritablePathFailsWithThePath) {
  const auto file = dir_ / "missing-dir" / "alerts.jsonl";
  FileReceiver receiver("log", file);
  int calls = 0;
  DeliveryOutcome got;
  EXPECT_NO_THROW(receiver.deliver(entry("{}"), [&](DeliveryOutcome o) {
    ++calls;
    got = std::move(o);
  }));
  EXPECT_EQ(calls, 1);
  EXPECT_FALSE(got.ok);
  EXPECT_FALSE(got.permanent);
  EXPECT_THAT(got.error, HasSubstr(file.string()));
  EXPECT_FALSE(std::filesystem::exists(file));
}

}  // namespace
}  // namespace newswatch::daemon
