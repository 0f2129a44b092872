"""Loads a checkpoint directory with Hugging Face transformers and prints, as JSON, the float64 log-probability of
each token given the ones before it (t >= 1): the numbers `grpo4j score --checkpoint DIR --ids IDS` prints.

    python hf_loadback.py DIR 3 14 15 92 65

Used by bench/hf-loadback to check that checkpoints grpo4j saves load back into transformers unchanged.
"""
import json, sys
import torch
from transformers import AutoModelForCausalLM

path, ids = sys.argv[1], [int(x) for x in sys.argv[2:]]
model = AutoModelForCausalLM.from_pretrained(path, dtype=torch.float32).eval()
with torch.no_grad():
    logits = model(torch.tensor([ids])).logits[0].double()
lp = torch.log_softmax(logits, -1)
out = [lp[t - 1, ids[t]].item() for t in range(1, len(ids))]
print(json.dumps({"model_type": model.config.model_type, "class": type(model).__name__,
                  "transformers": __import__("transformers").__version__, "torch": torch.__version__,
                  "next_token_logprobs": out}))
