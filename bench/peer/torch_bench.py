"""PyTorch CPU peer for `grpo4j bench`: the same workloads, written as a PyTorch user would write them
(fused scaled_dot_product_attention, batched prefill, a preallocated KV cache), timed the same way, and
written in the same JSON shape.

    python torch_bench.py --threads 2 --json torch.json [--only mlp,attention] [--quick] [--warmup-s 10]

Workloads (names are the contract shared with `grpo4j bench --json`):
  mlp                 y = tanh(x W1 + b1) W2 + b2, loss mean((y - t)^2); x (64, 256), hidden 256, out 256; fwd+bwd
  attention           causal self-attention block, B=4 T=64 C=128 4 heads, q/k/v/o with biases, loss sum(out * r); fwd+bwd
  gpt_train_d128      GPT-2 style, 4 layers, d=128, 4 heads, context 128, batch 16, vocab 512, tied head, AdamW step
  gpt_train_d256      same with d=256, 8 heads
  gemm_d128           the linear layers' matrix products of one gpt_train_d128 step alone, plain torch.mm on random
                      operands: per layer for c_attn, c_proj, c_fc, mlp_proj x W, dY W^T, X^T dY; the tied head's
                      h wte^T, dLogits wte, dLogits^T h (transposed operands as views); the step's BLAS share
                      (grpo4j's addition to the shared script: MKL here against grpo4j's oneDNN and OpenBLAS)
  gemm_d256           same for gpt_train_d256
  sample_kv_64x128    the d128 model (context 256): 64 prompts of 16 tokens, 128 new tokens each, multinomial at T=1
  gpt2s_decode_b8     GPT-2 small shapes (12 layers, d=768, 12 heads, vocab 50257), random weights: 8 prompts of 32
                      tokens, 128 new tokens each, multinomial at T=1 (tokens/s counts new tokens)
  gpt2s_decode_b64    same with 64 prompts
  gpt2s_score_b8x256  GPT-2 small: log-probabilities of 8 sequences of 256 tokens (forward + log-softmax + gather)
  gpt2s_train_2x256   GPT-2 small: one AdamW training step on 2 sequences of 256 tokens
  qwen25_score_b16x160   Qwen2.5-0.5B shapes (24 layers, hidden 896, 14 heads, 2 KV heads, head_dim 64, SwiGLU 4864,
                      RMSNorm eps 1e-6, RoPE theta 1e6, q/k/v biases, tied head, vocab 151,936), random weights:
                      log-probabilities of 16 completions of 128 tokens after prompts of 32 (one forward over the
                      160 tokens, log-softmax + gather at the 128 completion positions; tokens/s counts 16 x 160)
  qwen25_decode_b16x128  same model: 16 prompts of 32 tokens, 128 new tokens each, multinomial at T=1, KV cache
                      (tokens/s counts new tokens, prefill included)
  The qwen25_* pair is grpo4j's `bench --suite QWEN` (QwenShapeBenchmark); it is not in the default run (about 2 GB
  of float32 weights, minutes per round on a few cores): select it with --only qwen25_score_b16x160,...
Each result: median, min and max milliseconds per run over rounds after warm-up, and tokens/s where tokens apply.
"""
import argparse, json, math, platform, statistics, time
import torch, torch.nn as nn, torch.nn.functional as F

def sdpa(q, k, v, is_causal):
    # PyTorch >= 2.0 has a fused kernel; older builds (e.g. a distribution's 1.13) get the same math by hand
    if hasattr(F, "scaled_dot_product_attention"):
        return F.scaled_dot_product_attention(q, k, v, is_causal=is_causal)
    att = (q @ k.transpose(-2, -1)) / math.sqrt(q.shape[-1])
    if is_causal:
        Tq, Tk = q.shape[-2], k.shape[-2]
        att = att.masked_fill(torch.ones(Tq, Tk, dtype=torch.bool).triu(Tk - Tq + 1), float("-inf"))
    return att.softmax(-1) @ v

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=0, help="torch threads (0 = all cores)")
ap.add_argument("--json", default=None)
ap.add_argument("--only", default="")
ap.add_argument("--quick", action="store_true")
ap.add_argument("--warmup-s", type=float, default=0.0,
                help="after the warm-up calls, keep calling untimed until this many seconds have passed (default 0:"
                     " the shared script's timing; grpo4j bench --suite peers warms up 10 s, for its JIT)")
ap.add_argument("--qwen-layers", type=int, default=24, help="qwen25_*: layers (fewer only for a smoke run)")
args = ap.parse_args()
if args.threads: torch.set_num_threads(args.threads)
torch.manual_seed(0)
only = set(filter(None, args.only.split(",")))
results = []

def timeit(fn, reps, rounds):
    start = time.perf_counter()
    fn()
    if not args.quick: fn()
    while time.perf_counter() - start < args.warmup_s: fn()
    per = []
    for _ in range(rounds):
        t = time.perf_counter()
        for _ in range(reps): fn()
        per.append((time.perf_counter() - t) / reps * 1e3)
    return statistics.median(per), min(per), max(per)

def record(name, fn, reps, rounds, tokens=None):
    if only and name not in only: return
    if args.quick: rounds = max(2, rounds // 2)
    med, lo, hi = timeit(fn, reps, rounds)
    r = {"workload": name, "impl": "pytorch", "median_ms": med, "min_ms": lo, "max_ms": hi,
         "tokens_per_s": None if tokens is None else tokens / (med / 1e3)}
    results.append(r)
    print("%-20s %10.3f ms [%.3f..%.3f]%s" % (name, med, lo, hi, "" if tokens is None else "  %.0f tokens/s" % r["tokens_per_s"]), flush=True)

# mlp
x = torch.randn(64, 256); t = torch.randn(64, 256)
l1, l2 = nn.Linear(256, 256), nn.Linear(256, 256)
def mlp():
    l1.zero_grad(set_to_none=True); l2.zero_grad(set_to_none=True)
    F.mse_loss(l2(torch.tanh(l1(x))), t).backward()
record("mlp", mlp, 200, 7)

# attention
B, T, C, H = 4, 64, 128, 4
xa = torch.randn(B, T, C); ra = torch.randn(B, T, C)
qkv, proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
def attention():
    qkv.zero_grad(set_to_none=True); proj.zero_grad(set_to_none=True)
    q, k, v = [z.view(B, T, H, C // H).transpose(1, 2) for z in qkv(xa).split(C, 2)]
    o = proj(sdpa(q, k, v, True).transpose(1, 2).reshape(B, T, C))
    (o * ra).sum().backward()
record("attention", attention, 100, 7)

class Block(nn.Module):
    def __init__(s, C, H):
        super().__init__(); s.H = H
        s.ln_1, s.ln_2 = nn.LayerNorm(C), nn.LayerNorm(C)
        s.c_attn, s.c_proj = nn.Linear(C, 3 * C), nn.Linear(C, C)
        s.c_fc, s.mlp_proj = nn.Linear(C, 4 * C), nn.Linear(4 * C, C)
    def forward(s, x, cache=None, pos=0):
        Bx, Tx, Cx = x.shape
        q, k, v = [z.view(Bx, Tx, s.H, Cx // s.H).transpose(1, 2) for z in s.c_attn(s.ln_1(x)).split(Cx, 2)]
        if cache is None:
            y = sdpa(q, k, v, True)
        else:
            K, V = cache
            K[:, :, pos:pos + Tx] = k; V[:, :, pos:pos + Tx] = v
            y = sdpa(q, K[:, :, :pos + Tx], V[:, :, :pos + Tx], Tx > 1)
        x = x + s.c_proj(y.transpose(1, 2).reshape(Bx, Tx, Cx))
        return x + s.mlp_proj(F.gelu(s.c_fc(s.ln_2(x)), approximate="tanh"))

class GPT(nn.Module):
    def __init__(s, V, C, H, L, ctx):
        super().__init__(); s.C, s.H, s.L = C, H, L
        s.wte, s.wpe = nn.Embedding(V, C), nn.Embedding(ctx, C)
        s.h = nn.ModuleList([Block(C, H) for _ in range(L)]); s.ln_f = nn.LayerNorm(C)
    def forward(s, idx, caches=None, pos=0):
        x = s.wte(idx) + s.wpe(torch.arange(pos, pos + idx.shape[1]))
        for i, b in enumerate(s.h): x = b(x, None if caches is None else caches[i], pos)
        return s.ln_f(x) @ s.wte.weight.T

def train(name, V, C, H, L, ctx, Bt, reps, rounds):
    if only and name not in only: return
    g = GPT(V, C, H, L, ctx); opt = torch.optim.AdamW(g.parameters(), lr=1e-4)
    idx = torch.randint(0, V, (Bt, ctx)); tgt = torch.randint(0, V, (Bt, ctx))
    def step():
        opt.zero_grad(set_to_none=True)
        F.cross_entropy(g(idx).view(-1, V), tgt.view(-1)).backward(); opt.step()
    record(name, step, reps, rounds, tokens=Bt * ctx)

def gemms(name, V, C, L, N, reps, rounds):
    if only and name not in only: return
    def operand(rows, cols, transposed):  # stored (cols, rows) and viewed transposed, as autograd hands them to mm
        return torch.randn(cols, rows).t() if transposed else torch.randn(rows, cols)
    products = []
    for _ in range(L):
        for i, o in [(C, 3 * C), (C, C), (C, 4 * C), (4 * C, C)]:
            products += [(operand(N, i, False), operand(i, o, False)),   # x W
                         (operand(N, o, False), operand(o, i, True)),    # dY W^T
                         (operand(i, N, True), operand(N, o, False))]    # X^T dY
    products += [(operand(N, C, False), operand(C, V, True)),            # h wte^T
                 (operand(N, V, False), operand(V, C, False)),           # dLogits wte
                 (operand(V, N, True), operand(N, C, False))]            # dLogits^T h
    def run():
        for a, b in products: torch.mm(a, b)
    record(name, run, reps, rounds, tokens=N)

def sample(name, V, C, H, L, ctx, nprompt, plen, new, rounds):
    if only and name not in only: return
    g = GPT(V, C, H, L, ctx).eval()
    prompts = torch.randint(0, V, (nprompt, plen))
    def run():
        with torch.no_grad():
            caches = [(torch.empty(nprompt, H, plen + new, C // H), torch.empty(nprompt, H, plen + new, C // H)) for _ in range(L)]
            logits = g(prompts, caches, 0)[:, -1]
            for p in range(plen, plen + new):
                tok = torch.multinomial(torch.softmax(logits, -1), 1)
                logits = g(tok, caches, p)[:, -1]
    record(name, run, 1, rounds, tokens=nprompt * new)

def score(name, V, C, H, L, ctx, Bs, Ts, rounds):
    if only and name not in only: return
    g = GPT(V, C, H, L, ctx).eval()
    idx = torch.randint(0, V, (Bs, Ts))
    def run():
        with torch.no_grad():
            lp = torch.log_softmax(g(idx[:, :-1]), -1).gather(-1, idx[:, 1:, None])
    record(name, run, 1, rounds, tokens=Bs * Ts)

train("gpt_train_d128", 512, 128, 4, 4, 128, 16, 3, 5)
train("gpt_train_d256", 512, 256, 8, 4, 128, 16, 2, 5)
gemms("gemm_d128", 512, 128, 4, 16 * 128, 3, 5)
gemms("gemm_d256", 512, 256, 4, 16 * 128, 2, 5)
sample("sample_kv_64x128", 512, 128, 4, 4, 256, 64, 16, 128, 3)
sample("gpt2s_decode_b8", 50257, 768, 12, 12, 1024, 8, 32, 128, 3)
sample("gpt2s_decode_b64", 50257, 768, 12, 12, 1024, 64, 32, 128, 2)
score("gpt2s_score_b8x256", 50257, 768, 12, 12, 1024, 8, 256, 3)
train("gpt2s_train_2x256", 50257, 768, 12, 12, 256, 2, 1, 3)

class RMSNorm(nn.Module):
    def __init__(s, C, eps=1e-6):
        super().__init__(); s.eps = eps; s.weight = nn.Parameter(torch.ones(C))
    def forward(s, x):
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + s.eps) * s.weight

def rope(x, pos, theta):
    # x (B, H, T, D): rotate the two halves of each head by position-dependent angles (Llama/Qwen "rotate_half" form)
    D = x.shape[-1]
    inv = 1.0 / theta ** (torch.arange(0, D, 2, dtype=torch.float32) / D)
    ang = torch.arange(pos, pos + x.shape[-2], dtype=torch.float32)[:, None] * inv[None, :]
    cos, sin = torch.cat([ang.cos(), ang.cos()], -1), torch.cat([ang.sin(), ang.sin()], -1)
    x1, x2 = x[..., :D // 2], x[..., D // 2:]
    return x * cos + torch.cat([-x2, x1], -1) * sin

class QwenBlock(nn.Module):
    def __init__(s, C, H, KV, D, I, theta):
        super().__init__(); s.H, s.KV, s.D, s.theta = H, KV, D, theta
        s.input_layernorm, s.post_attention_layernorm = RMSNorm(C), RMSNorm(C)
        s.q_proj, s.k_proj, s.v_proj = nn.Linear(C, H * D), nn.Linear(C, KV * D), nn.Linear(C, KV * D)
        s.o_proj = nn.Linear(H * D, C, bias=False)
        s.gate_proj, s.up_proj = nn.Linear(C, I, bias=False), nn.Linear(C, I, bias=False)
        s.down_proj = nn.Linear(I, C, bias=False)
    def forward(s, x, cache=None, pos=0):
        Bx, Tx, _ = x.shape
        h = s.input_layernorm(x)
        q = rope(s.q_proj(h).view(Bx, Tx, s.H, s.D).transpose(1, 2), pos, s.theta)
        k = rope(s.k_proj(h).view(Bx, Tx, s.KV, s.D).transpose(1, 2), pos, s.theta)
        v = s.v_proj(h).view(Bx, Tx, s.KV, s.D).transpose(1, 2)
        if cache is not None:
            K, V = cache
            K[:, :, pos:pos + Tx] = k; V[:, :, pos:pos + Tx] = v
            k, v = K[:, :, :pos + Tx], V[:, :, :pos + Tx]
        rep = s.H // s.KV  # grouped-query attention: each KV head serves H/KV query heads
        y = sdpa(q, k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1), Tx > 1)
        x = x + s.o_proj(y.transpose(1, 2).reshape(Bx, Tx, s.H * s.D))
        h = s.post_attention_layernorm(x)
        return x + s.down_proj(F.silu(s.gate_proj(h)) * s.up_proj(h))

class Qwen(nn.Module):
    def __init__(s, V, C, H, KV, D, I, L, theta):
        super().__init__(); s.KV, s.D = KV, D
        s.embed_tokens = nn.Embedding(V, C)
        s.layers = nn.ModuleList([QwenBlock(C, H, KV, D, I, theta) for _ in range(L)])
        s.norm = RMSNorm(C)
        for p in s.parameters():  # random weights at the usual initializer scale
            if p.dim() > 1: nn.init.normal_(p, std=0.02)
    def hidden(s, idx, caches=None, pos=0):
        x = s.embed_tokens(idx)
        for i, b in enumerate(s.layers): x = b(x, None if caches is None else caches[i], pos)
        return s.norm(x)
    def forward(s, idx, caches=None, pos=0):
        return s.hidden(idx, caches, pos) @ s.embed_tokens.weight.T  # tied head

QWEN = dict(V=151936, C=896, H=14, KV=2, D=64, I=4864, L=args.qwen_layers, theta=1e6)

def qwen_score(name, Bs, P, N, rounds):
    if name not in only: return
    g = Qwen(**QWEN).eval()
    seq = torch.randint(0, QWEN["V"], (Bs, P + N))
    def run():
        with torch.no_grad():
            h = g.hidden(seq)[:, P - 1:-1]  # the positions that predict the N completion tokens
            lp = torch.log_softmax(h @ g.embed_tokens.weight.T, -1).gather(-1, seq[:, P:, None])
    record(name, run, 1, rounds, tokens=Bs * (P + N))

def qwen_decode(name, nprompt, plen, new, rounds):
    if name not in only: return
    g = Qwen(**QWEN).eval()
    prompts = torch.randint(0, QWEN["V"], (nprompt, plen))
    def run():
        with torch.no_grad():
            caches = [(torch.empty(nprompt, g.KV, plen + new, g.D), torch.empty(nprompt, g.KV, plen + new, g.D))
                      for _ in range(QWEN["L"])]
            logits = g(prompts, caches, 0)[:, -1]
            for p in range(plen, plen + new):
                tok = torch.multinomial(torch.softmax(logits, -1), 1)
                logits = g(tok, caches, p)[:, -1]
    record(name, run, 1, rounds, tokens=nprompt * new)

qwen_score("qwen25_score_b16x160", 16, 32, 128, 2)
qwen_decode("qwen25_decode_b16x128", 16, 32, 128, 2)

out = {"impl": "pytorch", "version": torch.__version__, "threads": torch.get_num_threads(),
       "machine": platform.processor() or platform.machine(), "results": results}
if args.json:
    json.dump(out, open(args.json, "w"), indent=1)
