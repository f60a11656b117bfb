// SPDX-License-Identifier: MIT
#include "daemon/systemd/notifier.hpp"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <boost/asio/io_context.hpp>

namespace newswatch::daemon {
namespace {

using namespace std::chrono_literals;

// Plays systemd's part: a unix datagram socket named by NOTIFY_SOCKET.
class NotifierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/newswatch-notify-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    path_ = dir_ + "/notify.sock";
    fd_ = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    ASSERT_GE(fd_, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    ASSERT_LT(path_.size(), sizeof addr.sun_path);
    path_.copy(addr.sun_path, path_.size());
    ASSERT_EQ(bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    timeval tv{2, 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    setenv("NOTIFY_SOCKET", path_.c_str(), 1);
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
  }

  void TearDown() override {
    unsetenv("NOTIFY_SOCKET");
    unsetenv("WATCHDOG_USEC");
    unsetenv("WATCHDOG_PID");
    if (fd_ >= 0) close(fd_);
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // The next datagram, or "" after the receive timeout.
  std::string receive() {
    char buf[4096];
    ssize_t n = recv(fd_, buf, sizeof buf, 0);
    return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : std::string();
  }

  bool nothing_pending() {
    char buf[16];
    return recv(fd_, buf, sizeof buf, MSG_DONTWAIT) < 0;
  }

  std::string dir_;
  std::string path_;
  int fd_ = -1;
};

TEST_F(NotifierTest, SendsReadyWithStatus) {
  SystemdNotifier notifier;
  EXPECT_TRUE(SystemdNotifier::enabled());
  EXPECT_TRUE(notifier.ready("watching 12 feeds\nwith 40 rules"));
  EXPECT_EQ(receive(), "READY=1\nSTATUS=watching 12 feeds with 40 rules");
}

TEST_F(NotifierTest, SendsReloadingStatusAndStopping) {
  SystemdNotifier notifier;
  EXPECT_TRUE(notifier.reloading());
  EXPECT_EQ(receive().rfind("RELOADING=1\nMONOTONIC_USEC=", 0), 0u);
  EXPECT_TRUE(notifier.status("reloaded"));
  EXPECT_EQ(receive(), "STATUS=reloaded");
  EXPECT_TRUE(notifier.stopping());
  EXPECT_EQ(receive(), "STOPPING=1");
}

TEST_F(NotifierTest, SendsWatchdogAtHalfTheInterval) {
  setenv("WATCHDOG_USEC", "200000", 1);  // 200 ms, so a ping every 100 ms
  setenv("WATCHDOG_PID", std::to_string(getpid()).c_str(), 1);
  boost::asio::io_context io;
  SystemdNotifier notifier;
  EXPECT_EQ(notifier.start_watchdog(io), 200ms);
  EXPECT_EQ(receive(), "WATCHDOG=1");  // at once
  auto begin = std::chrono::steady_clock::now();
  io.run_for(350ms);
  EXPECT_EQ(receive(), "WATCHDOG=1");
  EXPECT_EQ(receive(), "WATCHDOG=1");
  EXPECT_LT(std::chrono::steady_clock::now() - begin, 1s);
  notifier.stop();
  while (!nothing_pending()) {
  }
  io.restart();
  io.run();  // returns: stop() left no work
  EXPECT_TRUE(nothing_pending());
}

TEST_F(NotifierTest, LeavesTheWatchdogOffForAnotherPid) {
  setenv("WATCHDOG_USEC", "200000", 1);
  setenv("WATCHDOG_PID", std::to_string(getpid() + 1).c_str(), 1);
  boost::asio::io_context io;
  SystemdNotifier notifier;
  EXPECT_EQ(notifier.start_watchdog(io), 0us);
  io.run();  // no timer was armed
  EXPECT_TRUE(nothing_pending());
}

TEST_F(NotifierTest, DoesNothingWithoutNotifySocket) {
  unsetenv("NOTIFY_SOCKET");
  setenv("WATCHDOG_USEC", "200000", 1);
  boost::asio::io_context io;
  SystemdNotifier notifier;
  EXPECT_FALSE(SystemdNotifier::enabled());
  EXPECT_FALSE(notifier.ready("up"));
  EXPECT_FALSE(notifier.reloading());
  EXPECT_FALSE(notifier.status("x"));
  EXPECT_FALSE(notifier.stopping());
  EXPECT_EQ(notifier.start_watchdog(io), 0us);
  io.run();  // returns at once
  notifier.stop();
  EXPECT_TRUE(nothing_pending());
}

}  // namespace
}  // namespace newswatch::daemon
