# Sourced by ./grpo4j, bench/pairs, bench/ab and .ci/run before they start a JVM (OpenBLAS reads the variable
# when it loads). OpenBLAS kernels: ND4J's OpenBLAS 0.3.19 uses OPENBLAS_CORETYPE when it is set, else the core it
# detects. On a CPU with AVX-512 its SkylakeX kernels ran the training steps ~1.45x faster than its Haswell (AVX2)
# ones, and the Cooperlake ones it detects on AMD Zen 5 ran ~2.5x slower (docs/perf.md). GRPO4J_OPENBLAS_CORETYPE:
# auto (default) = SkylakeX where /proc/cpuinfo lists avx512f, avx512bw, avx512dq and avx512vl, the environment's
# choice elsewhere; keep = the environment's OPENBLAS_CORETYPE (or detection) as it is; any other value = that
# OpenBLAS core name.
blas_core="${GRPO4J_OPENBLAS_CORETYPE:-auto}"
if [ "$blas_core" = auto ]; then
  blas_core=SkylakeX
  _blas_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null || true) "
  for _blas_flag in avx512f avx512bw avx512dq avx512vl; do
    [[ "$_blas_flags" == *" $_blas_flag "* ]] || blas_core=keep
  done
fi
if [ "$blas_core" != keep ]; then
  export OPENBLAS_CORETYPE="$blas_core"
fi
