// SPDX-License-Identifier: MIT
#include "daemon/config/secret_file.hpp"

#include <fstream>
#include <stdexcept>

#include <gtest/gtest.h>

namespace newswatch::daemon {
namespace {

std::filesystem::path write_temp(const std::string& name, const std::string& bytes) {
  const auto path = std::filesystem::temp_directory_path() / name;
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

TEST(SecretFile, DropsTheFinalLineBreakButKeepsSpaces) {
  EXPECT_EQ(read_secret_file(write_temp("nw-secret-lf", "s3cret\n"), "secret"), "s3cret");
  EXPECT_EQ(read_secret_file(write_temp("nw-secret-crlf", "s3cret\r\n"), "secret"), "s3cret");
  EXPECT_EQ(read_secret_file(write_temp("nw-secret-space", " pass word \n"), "password"), " pass word ");
}

TEST(SecretFile, AMissingFileNamesWhatAndWhere) {
  try {
    read_secret_file("/nonexistent/newswatch-password", "password");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "cannot read password file /nonexistent/newswatch-password");
  }
}

}  // namespace
}  // namespace newswatch::daemon
