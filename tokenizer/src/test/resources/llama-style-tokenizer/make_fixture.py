"""Builds the Llama-2-shaped SentencePiece-style BPE fixtures with Hugging Face `tokenizers` (see README.md).

Run with a Python that has `tokenizers` (0.23 was used) and, optionally, `transformers` (5.18 was used; it is
only used to check that the Metaspace form has the shape transformers' LlamaTokenizer writes):

    python make_fixture.py

It trains one BPE model and writes it with the two pipelines Llama 2 checkpoints ship with:
legacy/tokenizer.json and metaspace/tokenizer.json, each with an expected_ids.json beside it.
"""
import json
import os

import tokenizers
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors
from tokenizers import trainers

HERE = os.path.dirname(os.path.abspath(__file__))
SPACE = "\u2581"  # the Metaspace replacement, LOWER ONE EIGHTH BLOCK
SPECIALS = ["<unk>", "<s>", "</s>"]
BYTES = ["<0x%02X>" % b for b in range(256)]
VOCAB_SIZE = 800

# A few KB of varied text written for this fixture. It is fed line by line, as SentencePiece's trainer reads its
# corpus, so "\n" never enters the vocabulary and newlines go through byte fallback (<0x0A>), as in Llama 2.
CORPUS = """\
The quick brown fox jumps over the lazy dog, and then it rests under the old oak tree.
A tokenizer turns text into numbers; a model turns those numbers into more numbers.
When the training run finished, the loss had fallen from 4.21 to 1.37 after 12,000 steps.
She said: "Don't worry, we'll fix it tomorrow!" He replied, "It's already fixed."
Is this the right answer? Maybe... or maybe not. Let's check it (twice) [carefully] {again}.
Prices rose by 3.5% in 2023, while wages grew by only 2.1% — a gap of 1.4 points.
def train(model, data):
    for step, batch in enumerate(data):
        loss = model(batch)
        loss.backward()
    return model
if x > 0 and y < 10:
    print("x =", x, "y =", y)
Columns\tseparated\tby\ttabs\tare\tcommon\tin\tdata\tfiles.
name\tage\tcity
Alice\t34\tParis
Bob\t27\tBerlin
Text with  two spaces, text with   three spaces, and    four spaces between words.
    Indented lines start with four spaces, and        eight spaces sometimes.
Le café est très bon, mais la crème brûlée est encore meilleure à Noël.
Où est la bibliothèque ? Elle est près de l'hôtel, à côté du théâtre.
Die Straße ist lang, die Bäume sind grün, und die Vögel singen früh am Morgen.
Über den Wolken muss die Freiheit wohl grenzenlos sein, sagt man in Österreich.
El niño comió una manzana y la señora bebió café en la mañana.
¿Dónde está la estación? ¡Está allí, junto al río!
Ça va très bien, merci. Naïve façades and coöperation appear in English too.
São Paulo, Lisboa e Coimbra são cidades onde se fala português.
Zürich, Genève, Malmö, Ærøskøbing and Kraków are names with accented letters.
我们今天学习中文。中文很有意思，我喜欢学习。
東京は日本の首都です。今日は天気がいいですね。
日本語のテキストとひらがな、カタカナ、漢字があります。
北京和上海是中国的大城市，人口很多。
한국어도 조금 있습니다. 안녕하세요.
Numbers: 0 1 2 3 4 5 6 7 8 9 10 11 12 100 256 1024 65536 3.14159 2.71828 1e-6 -42 +7.
Dates like 2024-01-15 and times like 09:30:00 appear in logs; so do ids like A7F3-99B2.
Email me at someone@example.com or visit https://example.org/path?query=1&lang=en.
Punctuation: commas, periods. Colons: semicolons; dashes - and -- and quotes 'single' "double".
Brackets (round) [square] {curly} <angle> and symbols # $ % ^ & * _ + = | \\ / ~ `.
The model predicts the next token; the tokenizer decides what a token is.
Reinforcement learning from rewards improves the policy, step by step, group by group.
Every group of samples shares one prompt, and each sample gets its own reward.
The advantage of a sample is its reward minus the mean reward of its group.
Small models learn quickly, but large models learn more; both need good data.
In the beginning the vocabulary holds characters, and merges build longer pieces.
Frequent pairs merge first: t and h become th, then th and e become the.
A sentence with trailing spaces   
   and a sentence with leading spaces.
Tabs\tand  spaces\t mixed   together\t\tlook odd.
Japanese uses 。 and 、 while Chinese uses ， and ？ for punctuation.
One, two, three, four, five, six, seven, eight, nine, ten.
First line of a poem, second line of a poem, third line that ends the poem.
The weather today is sunny with a chance of rain in the evening.
Please remember to save your work before you close the editor.
"""

# Strings the fixture checks: seen text, unseen characters (byte fallback), spacing, specials, control characters.
LINES = [
    "",
    "Hello world",
    "The quick brown fox jumps over the lazy dog.",
    " leading space",
    "  two leading spaces",
    "trailing space ",
    "trailing spaces   ",
    " ",
    "   ",
    "multiple   spaces    inside  words",
    "        eight spaces of indentation",
    "tabs\tand\ttabs\t\tdouble",
    "line one\nline two",
    "\n\nstarts with newlines",
    "ends with a newline\n",
    "windows\r\nline end",
    "café naïve façade Ærøskøbing Kraków",
    "cafe\u0301 with a combining accent",
    "ÀÉÎÕÜ ñ ß ø å",
    "我们今天学习中文。",
    "東京は日本の首都です",
    "rare CJK 龘 and 𠜎 (outside the BMP)",
    "emoji 🙂 and 🚀!",
    "family 👨\u200d👩\u200d👧 joined",
    "Numbers 3.14159, 2024-01-15 and 65536.",
    "Wait... what?! (yes) [no] {maybe} <angle>",
    "someone@example.com https://example.org/path?query=1",
    "<s>",
    "<s>Hello</s>",
    "Hello <s> world",
    " <s> x",
    "</s></s>",
    "<unk> is the unknown token",
    "<0x41> is text, not a byte token",
    "a\u2581b and \u2581start",
    "\u2581leading replacement",
    "nul\u0000byte and bell\u0007",
    "Greek αβγ, Cyrillic жзи, Arabic مرحبا, Hindi नमस्ते",
    "def f(x):\n    return x * 2\n",
    "Columns\tseparated\tby\ttabs",
    "Le café est très bon, mais la crème brûlée est encore meilleure à Noël. "
    "Die Straße ist lang, und die Vögel singen früh. 北京和上海是中国的大城市。 "
    "Reinforcement learning from rewards improves the policy, step by step, group by group. "
    "The advantage of a sample is its reward minus the mean reward of its group; 🙂 ends it.",
]


def ids_of(tok, text):
    return tok.encode(text, add_special_tokens=False).ids


def train():
    """Trains vocab and merges; the trainer's special tokens put <unk> <s> </s> at 0-2 and the byte tokens at 3-258."""
    t = Tokenizer(models.BPE(unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    t.normalizer = normalizers.Sequence([normalizers.Prepend(SPACE), normalizers.Replace(" ", SPACE)])
    # Pieces as SentencePiece cuts them: a word with the one space before it, and runs of the other spaces alone.
    t.pre_tokenizer = pre_tokenizers.Split(Regex(SPACE + "+(?=" + SPACE + ")|" + SPACE + "?[^" + SPACE + "]+|"
                                                 + SPACE + "+"), behavior="isolated")
    trainer = trainers.BpeTrainer(vocab_size=VOCAB_SIZE, min_frequency=2, special_tokens=SPECIALS + BYTES,
                                  show_progress=False)
    t.train_from_iterator([line for line in CORPUS.split("\n") if line], trainer=trainer)
    m = json.loads(t.to_str())["model"]
    for i, s in enumerate(SPECIALS + BYTES):
        assert m["vocab"][s] == i, (s, m["vocab"][s])
    return m["vocab"], [tuple(x) for x in m["merges"]]


def decoder():
    return decoders.Sequence([decoders.Replace(SPACE, " "), decoders.ByteFallback(), decoders.Fuse(),
                              decoders.Strip(content=" ", left=1, right=0)])


def build(vocab, merges, legacy):
    t = Tokenizer(models.BPE(vocab=vocab, merges=merges, unk_token="<unk>", fuse_unk=True, byte_fallback=True))
    if legacy:
        # Llama 2 as first published: the normalizer marks spaces, there is no pre-tokenizer.
        t.normalizer = normalizers.Sequence([normalizers.Prepend(SPACE), normalizers.Replace(" ", SPACE)])
    else:
        # transformers >= 4.36 with legacy=False: no normalizer, Metaspace prepend_scheme "first", split false.
        t.pre_tokenizer = pre_tokenizers.Metaspace(replacement=SPACE, prepend_scheme="first", split=False)
    t.decoder = decoder()
    t.add_special_tokens([AddedToken(s, normalized=False, special=True) for s in SPECIALS])
    t.post_processor = processors.TemplateProcessing(single="<s> $A", pair="<s> $A <s> $B",
                                                     special_tokens=[("<s>", 1)])
    return t


def check_transformers_shape(vocab, merges, metaspace):
    """Where transformers is installed, its LlamaTokenizer (legacy=False) must give the same pipeline and ids."""
    try:
        from transformers import LlamaTokenizer
    except ImportError:
        print("transformers not installed; skipping the shape check")
        return
    ref = LlamaTokenizer(vocab=vocab, merges=merges, legacy=False)
    ours, theirs = json.loads(metaspace.to_str()), json.loads(ref.backend_tokenizer.to_str())
    for key in ("normalizer", "pre_tokenizer", "decoder"):
        assert ours[key] == theirs[key], (key, ours[key], theirs[key])
    for line in LINES:
        assert ids_of(metaspace, line) == ref.encode(line, add_special_tokens=False), line
    print("transformers", __import__("transformers").__version__, "LlamaTokenizer agrees")


def write(name, tok):
    out = os.path.join(HERE, name)
    os.makedirs(out, exist_ok=True)
    tok.save(os.path.join(out, "tokenizer.json"), pretty=False)
    ids = [ids_of(tok, line) for line in LINES]
    decoded = [tok.decode(i, skip_special_tokens=False) for i in ids]
    tokens = [tok.encode(line, add_special_tokens=False).tokens for line in LINES]
    # Decoding alone, including byte runs that are not UTF-8 (a cut emoji, a lone continuation byte).
    emoji = ids_of(tok, "🙂")
    cases = [emoji[:-1], emoji[1:], [tok.token_to_id("<0x41>")], [1] + ids[1], ids[1] + [2],
             [tok.token_to_id(SPACE)] * 3, ids[29][1:], [tok.token_to_id("<0xE4>"), 1, tok.token_to_id("<0xB8>")]]
    with open(os.path.join(out, "expected_ids.json"), "w", encoding="utf-8") as f:
        json.dump({"tokenizers": tokenizers.__version__, "lines": LINES, "ids": ids, "decoded": decoded,
                   "tokens": tokens, "decode_ids": cases,
                   "decode_text": [tok.decode(c, skip_special_tokens=False) for c in cases]},
                  f, ensure_ascii=False, indent=None)
        f.write("\n")


def main():
    vocab, merges = train()
    legacy, metaspace = build(vocab, merges, True), build(vocab, merges, False)
    check_transformers_shape(vocab, merges, metaspace)
    write("legacy", legacy)
    write("metaspace", metaspace)
    fallbacks = sum(1 for line in LINES for t in legacy.encode(line, add_special_tokens=False).tokens
                    if t in BYTES)
    print("vocab", legacy.get_vocab_size(), "merges", len(merges), "byte tokens used", fallbacks)


if __name__ == "__main__":
    main()
