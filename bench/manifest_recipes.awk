# manifest_recipes.awk - prints "TARGET|COMMAND" for each recipe line of a make-style
# manifest (docs/manifest.md), with $(VAR) expanded from the manifest's assignments and
# from -v SQLDIR=... BINDIR=... WORKDIR=...; used by bench/run.sh to run each stage
# program exactly as the pipeline does.
function expand(s,   name, out, i, j) {
  out = ""
  while ((i = index(s, "$(")) > 0) {
    j = index(substr(s, i + 2), ")")
    if (j == 0) break
    name = substr(s, i + 2, j - 1)
    out = out substr(s, 1, i - 1) (name in vars ? expand(vars[name]) : "")
    s = substr(s, i + 2 + j)
  }
  return out s
}
BEGIN { vars["SQLDIR"] = SQLDIR; vars["BINDIR"] = BINDIR; vars["WORKDIR"] = WORKDIR }
/^[ \t]*#/ { next }
cont { cont = /\\[ \t]*$/; next }
/^[A-Za-z_][A-Za-z0-9_]*[ \t]*=/ {
  n = index($0, "="); name = substr($0, 1, n - 1); gsub(/[ \t]/, "", name)
  v = substr($0, n + 1); sub(/^[ \t]+/, "", v); sub(/[ \t]+$/, "", v)
  vars[name] = v
  next
}
/^[A-Za-z0-9_.-]+:/ { target = substr($0, 1, index($0, ":") - 1); next }
/^\t/ {
  line = $0; sub(/^\t+/, "", line)
  if (line ~ /^(inputs|outputs):/) { cont = /\\[ \t]*$/; next }
  if (target != "" && line != "") print target "|" expand(line)
}
