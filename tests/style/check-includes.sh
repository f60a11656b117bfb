#!/usr/bin/env bash
# Dependency direction (STYLE §2.2): feeds and rules never include daemon/, feeds never rules/,
# rules never feeds/, and no module includes another module's detail/ headers. Prints the
# offending lines and exits 1.
set -uo pipefail
cd "$(dirname "$0")/../.."
bad=$( {
  grep -rnE '#include "daemon/' feeds rules
  grep -rnE '#include "rules/' feeds
  grep -rnE '#include "feeds/' rules
  grep -rnE '#include "(feeds|rules)/[^"]*detail/' daemon
} 2>/dev/null)
if [[ -n $bad ]]; then
  printf 'include breaks the dependency direction (STYLE 2.2):\n%s\n' "$bad"
  exit 1
fi
echo "includes: dependency direction holds"
