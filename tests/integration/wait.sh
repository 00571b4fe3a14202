# wait.sh - wait_until, sourced by lib.sh and by the tests that keep their own set-up
# (test_sql_pgtap.sh); it has no side effects of its own.

# wait_until SECONDS CMD...: run CMD every 0.05 s until it succeeds (0) or SECONDS have passed
# (1). For a condition another process brings about: a fixed sleep is too short on a loaded
# machine, and a poll limit counted in tries stretches with every try's own time.
wait_until() {
  local end=$((SECONDS + $1)); shift
  until "$@"; do
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.05
  done
}
