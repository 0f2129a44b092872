# Sourced by ./grpo4j, bench/pairs, bench/ab and .ci/run before they start a JVM (glibc reads the variable when the
# process starts). ND4J allocates every array with malloc and libnd4j zeroes it. glibc serves blocks above a threshold
# (128 KB at first, raised as such blocks are freed, never past 32 MB) with fresh mmap'd pages and gives freed heap
# tops back to the system, so many of a decode step's arrays landed on new pages every step: page faults and the
# kernel's page clearing took ~9% of a GPT-2-small 64-prompt decode (docs/perf.md, "Fresh pages"). A fixed threshold
# of 32 MB (glibc's cap) and a 1 GB trim threshold keep freed blocks for reuse: the process keeps up to its peak
# of small blocks mapped instead of faulting them in again. GRPO4J_MALLOC=keep leaves GLIBC_TUNABLES as it is, and
# malloc settings already in GLIBC_TUNABLES are kept; any other value of GRPO4J_MALLOC stops with exit code 2.
case "${GRPO4J_MALLOC:-auto}" in
  auto)
    _malloc_keep="glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824" # 32 MB, 1 GB
    case "${GLIBC_TUNABLES:-}" in
      *glibc.malloc.mmap_threshold=* | *glibc.malloc.trim_threshold=*) ;;
      *) export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}$_malloc_keep" ;;
    esac
    unset _malloc_keep
    ;;
  keep) ;;
  *)
    echo "grpo4j: GRPO4J_MALLOC=$GRPO4J_MALLOC is not one of auto (the default) or keep" >&2
    exit 2
    ;;
esac
