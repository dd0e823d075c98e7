"""Build a real, tiny .argosmodel without torch: sentencepiece plus a CTranslate2 Transformer.

Two kinds of weights:
- random (default): a real model whose output is nonsense; tests check plumbing and guarantees.
- copy: weights set by hand so that the decoder copies the source piece by piece (cross-attention
  aligns target position t with source position t). Placeholders survive it, so the engine's
  placeholder path can be tested without a trained model.
"""

from __future__ import annotations

import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import sentencepiece as spm

from tests.support.paths import SEED

SEED_TEXT = SEED
# Pad pieces: symbols no real text contains, so that any vocabulary size can be reached
# from the short seed article (they only ever appear in a random model's output).
_PAD = "zq{:05d}"
_MAX_POSITIONS = 512  # learned position table of the copy model


def build_argosmodel(
    dest_dir: str | Path,
    *,
    layers: int = 2,
    d_model: int = 64,
    heads: int = 2,
    vocab_size: int = 600,
    ffn_dim: int | None = None,
    text: str | None = None,
    from_code: str = "en",
    to_code: str = "es",
    package_version: str = "1.0",
    copy: bool = False,
    seed: int = 1234,
    quantization: str = "int8",
    eos_bias: float | None = 2.5,
    target_prefix: str = "",
) -> Path:
    """Write `translate-<from>_<to>-<version>.argosmodel` into dest_dir and return its path."""
    dest_dir = Path(dest_dir)
    dest_dir.mkdir(parents=True, exist_ok=True)
    text = SEED_TEXT.read_text("utf-8") if text is None else text
    top = f"translate-{from_code}_{to_code}-{package_version.replace('.', '_')}"
    if copy:
        top += "-copy"
    sp_bytes = train_sentencepiece(text, vocab_size, [target_prefix] if target_prefix else [])
    sp = spm.SentencePieceProcessor(model_proto=sp_bytes)
    vocab = [sp.id_to_piece(i) for i in range(sp.get_piece_size())]
    if copy:
        spec = _copy_spec(vocab, layers, d_model, heads, seed)
    else:
        spec = _random_spec(len(vocab), layers, d_model, heads, ffn_dim or 4 * d_model, seed)
        # Without it a random model never ends a sentence: every output would run to the length
        # limit. With it, outputs stop after a few to a hundred pieces.
        if eos_bias is not None:
            spec.decoder.projection.bias[sp.eos_id()] = eos_bias
    spec.register_source_vocabulary(vocab)
    spec.register_target_vocabulary(vocab)
    spec.validate()
    spec.optimize(quantization)
    with tempfile.TemporaryDirectory() as tmp:
        pkg = Path(tmp) / top
        (pkg / "model").mkdir(parents=True)
        spec.save(str(pkg / "model"))
        (pkg / "sentencepiece.model").write_bytes(sp_bytes)
        metadata = {
            "package_version": package_version,
            "argos_version": "1.0",
            "from_code": from_code,
            "from_name": _LANGUAGE_NAMES.get(from_code, from_code),
            "to_code": to_code,
            "to_name": _LANGUAGE_NAMES.get(to_code, to_code),
            "type": "translate",
            "links": [],
        }
        if target_prefix:  # multilingual packages start every output with a language token
            metadata["target_prefix"] = target_prefix
        (pkg / "metadata.json").write_text(json.dumps(metadata, indent=2), "utf-8")
        (pkg / "README.md").write_text(
            f"Generated test model ({'copy' if copy else 'random'} weights), not a translator.\n",
            "utf-8",
        )
        out = dest_dir / f"{top}.argosmodel"
        zip_folder(pkg, out)
    return out


_LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French"}


def zip_folder(folder: Path, out: Path) -> Path:
    """Zip `folder` so that the archive holds it as its one top-level folder."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in sorted(folder.rglob("*")):
            zf.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
    return out


def train_sentencepiece(text: str, vocab_size: int, symbols: list[str] | None = None) -> bytes:
    """A unigram sentencepiece model of vocab_size pieces (byte fallback, extra symbols)."""
    lines = [line for line in text.splitlines() if line.strip()]

    def train(pad: int) -> bytes:
        buf = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(lines),
            model_writer=buf,
            vocab_size=vocab_size,
            model_type="unigram",
            hard_vocab_limit=False,
            byte_fallback=True,  # any character (é, ñ, “) is representable
            character_coverage=1.0,
            user_defined_symbols=(symbols or []) + [_PAD.format(i) for i in range(pad)],
            minloglevel=2,
        )
        return buf.getvalue()

    model = train(0)
    natural = spm.SentencePieceProcessor(model_proto=model).get_piece_size()
    if natural < vocab_size:  # the article is short: pad up to the size asked for
        model = train(vocab_size - natural)
    return model


def _specs():
    # ctranslate2.specs imports torch if installed (seconds); building a spec needs numpy only.
    if "torch" in sys.modules or "ctranslate2.specs" in sys.modules:
        import ctranslate2.specs as specs

        return specs
    sys.modules["torch"] = None  # type: ignore[assignment]
    try:
        import ctranslate2.specs as specs
    finally:
        del sys.modules["torch"]
    return specs


def _shape(scope: str, vocab: int, d: int, ffn: int) -> tuple[int, ...]:
    """The shape of a required or bias variable, from its scope in the spec."""
    parts = scope.split("/")
    owner, attr = parts[-2], parts[-1]
    if owner.startswith("embeddings") or owner == "projection":
        return (vocab,) if attr == "bias" else (vocab, d)
    if owner == "layer_norm":
        return (d,)
    block = parts[-3]
    rows = {
        ("self_attention", "linear_0"): 3 * d,  # fused query, key, value
        ("attention", "linear_1"): 2 * d,  # fused key, value from the encoder output
        ("ffn", "linear_0"): ffn,
    }.get((block, owner), d)
    cols = ffn if (block, owner) == ("ffn", "linear_1") else d
    return (rows,) if attr == "bias" else (rows, cols)


def _fill(spec, vocab: int, d: int, ffn: int, value_of) -> None:
    """Set every required variable, and every linear bias, with value_of(scope, shape)."""
    specs = _specs()

    def visit(layer, scope, value):
        attr = scope.rsplit("/", 1)[-1]
        is_bias = attr == "bias" and isinstance(layer, specs.common_spec.LinearSpec)
        if value is None or is_bias:
            shape = _shape(scope, vocab, d, ffn)
            if attr == "gamma":
                setattr(layer, attr, np.ones(shape, np.float32))
            elif attr in ("beta", "bias"):
                setattr(layer, attr, np.zeros(shape, np.float32))
            else:
                setattr(layer, attr, value_of(scope, shape).astype(np.float32))

    specs.model_spec.visit_spec(spec, visit)


def _random_spec(vocab: int, layers: int, d: int, heads: int, ffn: int, seed: int):
    """A Transformer with every weight small and random (scaled by fan-in)."""
    spec = _specs().TransformerSpec.from_config(layers, heads)
    rng = np.random.default_rng(seed)
    _fill(spec, vocab, d, ffn, lambda scope, shape: rng.normal(0.0, shape[-1] ** -0.5, shape))
    return spec


def _copy_spec(vocab: list[str], layers: int, d: int, heads: int, seed: int):
    """A Transformer whose decoder copies the source, piece by piece, then stops on </s>.

    Half of the model dimension carries the token, half the position. The encoder passes its
    input through; the last decoder layer's cross-attention matches target position t with
    source position t (query and key read the position half) and brings that token over (value
    reads the token half); the output projection scores each piece by its dot product with the
    copied token, which is largest for the token itself since all token vectors have one norm.
    Every other sub-layer is zero, so residual connections leave the signal alone.
    """
    if d % 4 or (d // heads) < d // 2:
        raise ValueError("copy model: d_model must be a multiple of 4 and heads at most 2")
    spec = _specs().TransformerSpec.from_config(layers, heads)
    spec.config.add_source_eos = True  # the copied </s> ends the output
    rng = np.random.default_rng(seed)
    n, half, quarter = len(vocab), d // 2, d // 4
    ffn = d
    _fill(spec, n, d, ffn, lambda scope, shape: np.zeros(shape))

    # Token vectors [u, -u] and position vectors [p, -p]: zero mean, so layer norm only rescales.
    u = rng.normal(size=(n, quarter))
    u *= np.sqrt(quarter) / np.linalg.norm(u, axis=1, keepdims=True)
    tokens = np.zeros((n, d), np.float32)
    tokens[:, :quarter], tokens[:, quarter:half] = u, -u
    positions = np.zeros((_MAX_POSITIONS, d), np.float32)
    pos = _position_features(_MAX_POSITIONS, quarter)
    positions[:, half : half + quarter], positions[:, half + quarter :] = pos, -pos

    for side in (spec.encoder, spec.decoder):
        side.scale_embeddings = False
        side.position_encodings.encodings = positions
    spec.encoder.embeddings[0].weight = tokens
    spec.decoder.embeddings.weight = np.zeros((n, d), np.float32)  # the input is position only

    att = spec.decoder.layer[-1].attention
    head = d // heads
    sharp = 8.0  # makes the position match nearly one-hot
    query = np.zeros((d, d), np.float32)
    key_value = np.zeros((2 * d, d), np.float32)
    for h in range(heads):
        for i in range(half):
            query[h * head + i, half + i] = sharp
            key_value[h * head + i, half + i] = sharp
            key_value[d + h * head + i, i] = 1.0
    out = np.zeros((d, d), np.float32)
    out[np.arange(half), np.arange(half)] = 8.0  # head 0's copied token, amplified
    att.linear[0].weight, att.linear[1].weight, att.linear[2].weight = query, key_value, out
    spec.decoder.projection.weight = tokens * 4.0
    return spec


def _position_features(count: int, size: int) -> np.ndarray:
    """sin/cos features whose dot product peaks sharply at equal positions."""
    freqs = np.linspace(0.45, 2.9, size // 2) * (1 + 0.0137 * np.arange(size // 2))
    angles = np.arange(count)[:, None] * freqs[None, :]
    return np.concatenate([np.sin(angles), np.cos(angles)], axis=1).astype(np.float32)
