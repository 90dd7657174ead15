#!/usr/bin/env bash
# The whole test suite on a fresh machine: installs what the tests drive that Maven cannot fetch,
# then runs `mvn -B test`. Fails loudly when something cannot be installed.
#   - Debian's chromium and chromium-driver: the reference page's browser test
#   - Debian's nats-server: the harness's NATS peer in its smoke test
#   - Debian's php-cli and ruby: syntax checks of the page's PHP and Ruby samples
#   - TypeScript's compiler from npm, into .tools/: syntax checks of the TypeScript samples
set -euo pipefail
cd "$(dirname "$0")/.."

command -v java >/dev/null || { echo "test: java 17 is required" >&2; exit 1; }
command -v mvn >/dev/null || { echo "test: maven is required" >&2; exit 1; }

missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
command -v nats-server >/dev/null 2>&1 || [ -x /usr/sbin/nats-server ] || missing+=(nats-server)
command -v php >/dev/null 2>&1 || missing+=(php-cli)
command -v ruby >/dev/null 2>&1 || missing+=(ruby)
if [ ${#missing[@]} -gt 0 ]; then
  echo "test: installing ${missing[*]} from Debian's packages" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

typescript_version=5.9.3
if [ ! -f .tools/node_modules/typescript/package.json ] \
    || ! grep -q "\"version\": \"$typescript_version\"" .tools/node_modules/typescript/package.json; then
  command -v npm >/dev/null || { echo "test: npm is required to install TypeScript's compiler" >&2; exit 1; }
  echo "test: installing typescript@$typescript_version into .tools/" >&2
  mkdir -p .tools
  npm install --prefix .tools --no-save --no-audit --no-fund --silent "typescript@$typescript_version"
fi

# every toolchain installed above must check its samples (a missing one fails, never skips)
export COVETON_SAMPLE_TOOLCHAINS="python,javascript,typescript,java,php,ruby,rust"
command -v rustfmt >/dev/null 2>&1 || COVETON_SAMPLE_TOOLCHAINS="${COVETON_SAMPLE_TOOLCHAINS/,rust/}"

exec mvn -B test "$@"
