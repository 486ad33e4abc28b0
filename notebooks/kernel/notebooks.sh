#!/usr/bin/env bash
# The notebooks command (bin/embark notebooks ...): installs the embark Java kernel for Jupyter (user-level) and
# opens Jupyter on notebooks/, or executes the notebooks headlessly. See --help.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

usage() {
  cat <<'USAGE'
bin/embark notebooks [JUPYTER_OPTION...]   install the "Java (embark)" kernel (user-level) and open Jupyter on notebooks/
                                           (options such as --no-browser or --port=8899 go to Jupyter)
bin/embark notebooks --install             only install the kernel (~/.local/share/jupyter/kernels/embark-java)
bin/embark notebooks --execute [options] [NOTEBOOK...]
                                           run notebooks top to bottom headlessly (default: every notebooks/*.ipynb);
                                           exits 1 when a cell fails, after running the others
    --output-dir DIR                       where the executed copies go (default: runs/notebooks-executed)
    --inplace                              rewrite the notebooks themselves with their new outputs
Needs Jupyter (Debian: apt-get install jupyter-nbconvert python3-nbclient python3-nbformat jupyter-client
jupyter-core, and jupyter-notebook to open them). EMBARK_JUPYTER names another jupyter executable; EMBARK_JAVA_OPTS
sets the kernel's JVM options (default -Xmx4g). Cells run with the repository root as working directory.
USAGE
}

find_jupyter() {
  if [[ -n "${EMBARK_JUPYTER:-}" ]]; then echo "$EMBARK_JUPYTER"; return; fi
  # Debian's jupyter first: another python earlier on PATH may lack nbconvert
  if [[ -x /usr/bin/jupyter ]]; then echo /usr/bin/jupyter; return; fi
  command -v jupyter || true
}

install_kernel() {
  local spec
  spec=$(mktemp -d)/embark-java
  mkdir -p "$spec"
  cat > "$spec/kernel.json" <<JSON
{
  "argv": ["$root/bin/embark", "kernel", "{connection_file}"],
  "display_name": "Java (embark)",
  "language": "java",
  "interrupt_mode": "message",
  "metadata": {"embark_root": "$root"}
}
JSON
  "$jupyter" kernelspec install --user --replace --name embark-java "$spec" >/dev/null 2>&1 \
    || { echo "embark: 'jupyter kernelspec install' failed" >&2; exit 1; }
  rm -rf "$(dirname "$spec")"
  echo "embark: kernel \"Java (embark)\" installed for $root" >&2
}

mode=open
inplace=""
out="$root/runs/notebooks-executed"
notebooks=()
passed=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --install) mode=install ;;
    --execute) mode=execute ;;
    --inplace) inplace=1 ;;
    --output-dir) [[ $# -ge 2 ]] || { echo "embark: --output-dir needs a directory" >&2; exit 2; }; out="$2"; shift ;;
    -*) passed+=("$1") ;;
    *) [[ -f "$1" ]] || { echo "embark: no notebook at $1" >&2; exit 2; }; notebooks+=("$1") ;;
  esac
  shift
done

if [[ ${#passed[@]} -gt 0 && "$mode" != open ]]; then
  echo "embark: unknown option ${passed[0]} (see bin/embark notebooks --help)" >&2
  exit 2
fi
jupyter=$(find_jupyter)
if [[ -z "$jupyter" ]]; then
  echo "embark: Jupyter is not installed (Debian: sudo apt-get install jupyter-nbconvert python3-nbclient" \
       "python3-nbformat jupyter-client jupyter-core jupyter-notebook)" >&2
  exit 2
fi
install_kernel
[[ "$mode" == install ]] && exit 0

if [[ "$mode" == open ]]; then
  for app in lab notebook; do
    if "$jupyter" "$app" --version >/dev/null 2>&1; then
      exec "$jupyter" "$app" --notebook-dir="$root/notebooks" ${passed[@]+"${passed[@]}"}
    fi
  done
  echo "embark: neither 'jupyter lab' nor 'jupyter notebook' is installed (Debian: sudo apt-get install" \
       "jupyter-notebook); the kernel is installed for any Jupyter front end" >&2
  exit 2
fi

[[ ${#notebooks[@]} -gt 0 ]] || notebooks=("$root"/notebooks/*.ipynb)
[[ -n "$inplace" ]] || mkdir -p "$out"
failed=0
for notebook in "${notebooks[@]}"; do
  start=$(date +%s)
  log=$(mktemp)
  if [[ -n "$inplace" ]]; then target=(--inplace); where="$notebook"; else target=(--output-dir "$out"); where="$out/$(basename "$notebook")"; fi
  if "$jupyter" nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=embark-java \
       --ExecutePreprocessor.timeout=1800 "${target[@]}" "$notebook" >"$log" 2>&1; then
    echo "$(basename "$notebook"): ran in $(( $(date +%s) - start )) s -> $where"
  else
    echo "$(basename "$notebook"): FAILED after $(( $(date +%s) - start )) s:" >&2
    tail -n 40 "$log" >&2
    failed=1
  fi
  rm -f "$log"
done
exit "$failed"
