#!/usr/bin/env bash
# Build the sdist and the wheel, check them, then use the wheel as a user would: installed into
# fresh virtual environments outside the checkout, once with every extra and once with none,
# run from another directory (no corpora/, no tests/, nothing of the checkout on the path).
# Run after scripts/setup.sh (it uses .venv to build). CI calls it after the test command.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
PY=${PYTHON:-python3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
step() { echo; echo "== $*"; }
expect_fail() {  # command must exit 2 with a one-line error naming what to install
  local want=$1; shift
  set +e; out=$("$@" 2>&1); code=$?; set -e
  if [ "$code" != 2 ] || ! grep -qF -- "$want" <<<"$out"; then
    echo "expected exit 2 mentioning '$want', got $code: $out"; exit 1
  fi
  echo "refused as expected: $(tail -n 1 <<<"$out")"
}

step "build the sdist and the wheel, and check them"
.venv/bin/python -m pip install -q --disable-pip-version-check build twine
.venv/bin/python -m build -q --outdir "$work/dist" . >/dev/null
.venv/bin/python -m twine check --strict "$work"/dist/*
wheel=$(ls "$work"/dist/kow2v-*.whl)
sdist=$(ls "$work"/dist/kow2v-*.tar.gz)
for member in kow2v/data/nsmc-sample.txt.gz kow2v/data/eval/ko_analogies.txt \
              kow2v/data/README.md kow2v/py.typed; do
  .venv/bin/python -c "import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); \
sys.exit(0 if sys.argv[2] in names else f'{sys.argv[2]} is not in the wheel')" "$wheel" "$member"
done
.venv/bin/python -c "import sys, zipfile; names = zipfile.ZipFile(sys.argv[1]).namelist(); \
sys.exit(0 if any(n.endswith('licenses/LICENSE') for n in names) else 'no LICENSE in the wheel')" \
  "$wheel"
echo "wheel: $(basename "$wheel"), sdist: $(basename "$sdist")"

step "the wheel with every extra, in a fresh environment, from another directory"
"$PY" -m venv "$work/full"
"$work/full/bin/pip" install -q --disable-pip-version-check "$wheel[all]"
mkdir "$work/user" && cd "$work/user"
version=$("$work/full/bin/kow2v" --version)
expected=$("$work/full/bin/python" -c "import kow2v; print('kow2v', kow2v.__version__)")
[ "$version" = "$expected" ] && [[ "$(basename "$wheel")" == kow2v-${version#kow2v }-* ]] \
  || { echo "version mismatch: $version / $expected / $(basename "$wheel")"; exit 1; }
echo "$version"
"$work/full/bin/kow2v" -q demo --quick -o demo-report
test -s demo-report/report.md && test -s demo-report/quality_analogy.png
sample=$("$work/full/bin/python" -c "from kow2v.bundled import bundled; print(bundled('nsmc-sample.txt.gz'))")
"$work/full/bin/kow2v" -q train "$sample" -t mecab --epochs 2 -o v.bin
"$work/full/bin/kow2v" evaluate v.bin -t mecab
analogies=$("$work/full/bin/python" -c "from kow2v.bundled import bundled; print(bundled('eval/ko_analogies.txt'))")
cp "$analogies" my_analogies.txt
printf '영화\t작품\t8\n배우\t감독\t6\n영화\t음식\t1\n좋다\t싫다\t2\n' > my_pairs.tsv
"$work/full/bin/kow2v" -q compare "$sample" -t whitespace --epochs 1 --analogies my_analogies.txt \
  --similarity my_pairs.tsv -o compare-report
test -s compare-report/report.md

step "the wheel without extras: the core works, every other command says what to install"
cd "$root"
"$PY" -m venv "$work/bare"
"$work/bare/bin/pip" install -q --disable-pip-version-check "$wheel"
cd "$work/user"
bare=$work/bare/bin/kow2v
"$bare" tokenizers
"$bare" -q tokenize "$sample" -t whitespace -o tokens.txt
"$bare" -q train "$sample" -t whitespace --epochs 1 -o bare.bin
"$bare" similar bare.bin 영화 -n 3
"$bare" evaluate bare.bin
expect_fail "pip install 'kow2v[mecab]'" "$bare" tokenize "$sample" -t mecab -o m.txt
expect_fail "pip install 'kow2v[konlpy]'" "$bare" tokenize "$sample" -t okt -o o.txt
expect_fail "pip install 'kow2v[kiwi]'" "$bare" tokenize "$sample" -t kiwi -o k.txt
expect_fail "pip install 'kow2v[soynlp]'" "$bare" tokenize "$sample" -t soynlp-ltokenizer -o s.txt
out=$("$bare" -q compare "$sample" -t whitespace --epochs 1 --trainers kow2v -o bare-report 2>&1)
grep -qF "pip install 'kow2v[plot]'" <<<"$out" || { echo "no hint for the figures: $out"; exit 1; }
test -s bare-report/report.md
step "the sdist installs and finds its data too"
cd "$root"
"$PY" -m venv "$work/sdist"
"$work/sdist/bin/pip" install -q --disable-pip-version-check "$sdist"
cd "$work/user"
"$work/sdist/bin/python" -c "from kow2v.bundled import bundled, bundled_names; \
print([str(bundled(n).stat().st_size) for n in bundled_names()])"
echo; echo "check_dist: the sdist and the wheel work as installed"
