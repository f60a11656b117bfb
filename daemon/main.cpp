// SPDX-License-Identifier: MIT
#include <cstdio>
int main() { std::puts("newswatch " NEWSWATCH_VERSION); return 0; }
