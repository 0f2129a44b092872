#!/usr/bin/env python3
"""Renders the official chat templates beside this script with Python Jinja2 into expected.json.

The environment is the one transformers builds for apply_chat_template (transformers/utils/chat_template_utils.py,
_compile_jinja_template): an ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, the loopcontrols
extension, a tojson filter that is json.dumps without HTML escaping or key sorting, and the globals raise_exception
and strftime_now. transformers itself is not needed; Jinja2 3.1.6 was used:

    python3 render_expected.py > expected.json
"""
import json
import sys
from datetime import datetime

import jinja2
import jinja2.ext
from jinja2.sandbox import ImmutableSandboxedEnvironment


def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)


def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)


def strftime_now(fmt):
    return datetime.now().strftime(fmt)


ENV = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[jinja2.ext.loopcontrols])
ENV.filters["tojson"] = tojson
ENV.globals["raise_exception"] = raise_exception
ENV.globals["strftime_now"] = strftime_now

# template file -> the special tokens its tokenizer_config.json declares
TEMPLATES = {
    "qwen3.jinja": {"bos_token": None, "eos_token": "<|im_end|>"},
    "qwen2.5-instruct.jinja": {"bos_token": None, "eos_token": "<|im_end|>"},
    "llama3-instruct.jinja": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
    "llama3.2-instruct.jinja": {"bos_token": "<|begin_of_text|>", "eos_token": "<|eot_id|>"},
}


def m(role, content):
    return {"role": role, "content": content}


CONVERSATIONS = {
    "user": [m("user", "What is 2+3?")],
    "system_user": [m("system", "You are terse."), m("user", "What is 2+3?")],
    "multi_turn": [m("system", "  Answer with a number. \n"), m("user", "2+3?"), m("assistant", "5"),
                   m("user", "and times 4?")],
    "finished": [m("user", "Name a prime."), m("assistant", "7")],
    "thinking_history": [m("user", "q1"), m("assistant", "<think>\nfirst thought\n</think>\n\nA1"), m("user", "q2"),
                         m("assistant", "<think>\nsecond thought\n</think>\n\nA2")],
    "whitespace_unicode": [m("user", "\t héllo 世界 🚀 \n"), m("assistant", "  ok  "), m("user", "line1\nline2")],
}

EXTRAS = [{}, {"enable_thinking": False}, {"enable_thinking": True}]


def python_reference():
    """Outputs of Python itself for the pieces the Java side reimplements: slices, str methods, json.dumps, strftime."""
    seqs = [[], ["a"], ["a", "b", "c"], ["a", "b", "c", "d", "e"]]
    bounds = [None, -7, -2, -1, 0, 1, 3, 9]
    slices = []
    for seq in seqs:
        for start in bounds:
            for stop in bounds:
                for step in (None, 1, 2, -1, -2, 3):
                    slices.append({"items": seq, "start": start, "stop": stop, "step": step,
                                   "expected": seq[start:stop:step]})
    texts = ["", "  a b  ", "\t\n a\u00a0b \u2003\x1c", "x..y.z", "<think>\nr\n</think>\n\nA", "ab--cd--", "Hello wORLD 9a"]
    calls = [("strip", []), ("lstrip", []), ("rstrip", []), ("strip", ["\n"]), ("strip", [".x"]), ("lstrip", ["\n "]),
             ("split", []), ("split", ["."]), ("split", ["--"]), ("split", ["</think>"]), ("split", [None, 1]),
             ("split", [".", 1]), ("rsplit", [".", 1]), ("rsplit", ["--"]), ("startswith", ["<think>"]),
             ("startswith", [["x", "  "]]), ("endswith", ["--"]), ("upper", []), ("lower", []), ("title", []),
             ("capitalize", []), ("replace", ["-", "+"]), ("replace", ["-", "+", 1]), ("find", ["b"]),
             ("rfind", ["-"]), ("count", ["-"]), ("isdigit", []), ("isspace", []), ("isalpha", [])]
    methods = []
    for t in texts:
        for name, args in calls:
            pyargs = [tuple(a) if isinstance(a, list) else a for a in args]
            methods.append({"text": t, "method": name, "args": args, "expected": getattr(t, name)(*pyargs)})
    values = [None, True, 3, -2.5, 1e20, 1.5e-07, 0.1, "q\"\\\n\t\x01é😀", [], {}, [1, [2, {"a": None}]],
              {"b": 1, "a": [True, "x"]}]
    dumps = []
    for v in values:
        for kwargs in ({}, {"indent": 2}, {"indent": 4, "sort_keys": True}, {"ensure_ascii": True},
                       {"separators": [",", ":"]}):
            dumps.append({"value": v, "kwargs": kwargs, "expected": tojson(v, **{k: tuple(x) if isinstance(x, list)
                                                                                   else x for k, x in kwargs.items()})})
    moment = datetime(2024, 7, 26, 9, 5, 3)
    formats = ["%d %b %Y", "%Y-%m-%d %H:%M:%S", "%a %A %B %j %y %I%p %%", "%-d/%-m"]
    times = [{"format": f, "expected": moment.strftime(f)} for f in formats]
    return {"slices": slices, "str_methods": methods, "tojson": dumps,
            "strftime": {"moment": "2024-07-26T09:05:03", "cases": times}}


def features():
    """Our own template of Python-Jinja features (features.j2, one directory up), on a few conversations."""
    source = open(__file__.rsplit("/", 1)[0] + "/../features.j2", encoding="utf-8").read()
    compiled = ENV.from_string(source)
    conversations = [
        [m("system", "Be brief.\nNo more."), m("user", "What is 2+3?"), m("assistant", "  5  "), m("user", "and 4?")],
        [m("system", "Only a system turn.")],
        [m("user", "abc def ghi"), m("assistant", "Well.")],
    ]
    return [{"messages": c, "expected": compiled.render(messages=c)} for c in conversations]


def main():
    cases = []
    for template, tokens in TEMPLATES.items():
        source = open(__file__.rsplit("/", 1)[0] + "/" + template, encoding="utf-8").read()
        compiled = ENV.from_string(source)
        for name, messages in CONVERSATIONS.items():
            for add_generation_prompt in (True, False):
                for extra in EXTRAS:
                    if template.startswith("llama3.2"):
                        extra = dict(extra, date_string="26 Jul 2024")
                    variables = dict(tokens, messages=messages, add_generation_prompt=add_generation_prompt, **extra)
                    out = compiled.render(**{k: v for k, v in variables.items() if v is not None})
                    cases.append({"template": template, "conversation": name, "messages": messages,
                                  "add_generation_prompt": add_generation_prompt, "extra": extra,
                                  "bos_token": tokens["bos_token"], "eos_token": tokens["eos_token"],
                                  "expected": out})
    json.dump({"jinja2_version": jinja2.__version__, "cases": cases, "features": features(),
               "python": python_reference()}, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
