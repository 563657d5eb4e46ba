"""Oracle: the same GPT written with torch.nn.LayerNorm, torch.nn.MultiheadAttention (causal
attn_mask), torch.nn.GELU(approximate="tanh") and torch.nn.Linear in float64, weights copied;
then the cache's defining property: cached, chunked and uncached passes give the same logits."""

import numpy as np
import torch

import coding_gpt_kv_cache as G

V, D, H, L, MAXLEN = 37, 24, 4, 3, 40


def _params(seed=0):
    rng = np.random.default_rng(seed)
    p = G.init_gpt(V, D, L, MAXLEN, rng)
    for layer in p["layers"]:  # larger weights and non-trivial biases and gains, so errors show
        for k in layer:
            layer[k] = layer[k] * 10 + (rng.normal(0, 0.1, layer[k].shape) if k.startswith(("b_", "ln")) else 0)
    p["wte"] *= 20
    p["lnf_g"] = 1 + rng.normal(0, 0.1, D)
    return p


class TorchBlock(torch.nn.Module):
    def __init__(self, p):
        super().__init__()
        t = lambda a: torch.nn.Parameter(torch.tensor(a))
        self.ln1, self.ln2 = torch.nn.LayerNorm(D).double(), torch.nn.LayerNorm(D).double()
        self.ln1.weight, self.ln1.bias, self.ln2.weight, self.ln2.bias = t(p["ln1_g"]), t(p["ln1_b"]), t(p["ln2_g"]), t(p["ln2_b"])
        self.attn = torch.nn.MultiheadAttention(D, H, batch_first=True).double()
        self.attn.in_proj_weight, self.attn.in_proj_bias = t(p["w_qkv"].T.copy()), t(p["b_qkv"])
        self.attn.out_proj.weight, self.attn.out_proj.bias = t(p["w_o"].T.copy()), t(p["b_o"])
        self.fc1, self.fc2 = torch.nn.Linear(D, 4 * D).double(), torch.nn.Linear(4 * D, D).double()
        self.fc1.weight, self.fc1.bias = t(p["w_1"].T.copy()), t(p["b_1"])
        self.fc2.weight, self.fc2.bias = t(p["w_2"].T.copy()), t(p["b_2"])
        self.act = torch.nn.GELU(approximate="tanh")

    def forward(self, x):
        T = x.shape[1]
        mask = torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)  # True = not allowed
        h = self.ln1(x)
        x = x + self.attn(h, h, h, attn_mask=mask, need_weights=False)[0]
        return x + self.fc2(self.act(self.fc1(self.ln2(x))))


def _torch_logits(p, ids):
    with torch.no_grad():
        x = torch.tensor(p["wte"][ids] + p["wpe"][: ids.shape[1]])
        for layer in p["layers"]:
            x = TorchBlock(layer)(x)
        lnf = torch.nn.functional.layer_norm(x, (D,), torch.tensor(p["lnf_g"]), torch.tensor(p["lnf_b"]), eps=1e-5)
        return (lnf @ torch.tensor(p["wte"]).T).numpy()


def test_full_forward_matches_torch():
    p = _params()
    ids = np.random.default_rng(1).integers(0, V, size=(3, 17))
    np.testing.assert_allclose(G.gpt_forward(p, ids, H), _torch_logits(p, ids), rtol=1e-9, atol=1e-9)


def test_cached_and_chunked_passes_equal_full_pass():
    p = _params(2)
    ids = np.random.default_rng(3).integers(0, V, size=(2, 20))
    full = G.gpt_forward(p, ids, H)
    for chunks in ([20], [1] * 20, [7, 1, 1, 5, 6], [3, 17]):
        cache = G.new_cache(p, 2, H, MAXLEN)
        outs, start = [], 0
        for c in chunks:
            outs.append(G.gpt_forward(p, ids[:, start:start + c], H, cache))
            start += c
        assert cache[0]["len"] == 20
        np.testing.assert_allclose(np.concatenate(outs, axis=1), full, rtol=1e-10, atol=1e-10)


def test_generation_with_and_without_cache_agree_with_torch():
    p = _params(4)
    prompt = np.random.default_rng(5).integers(0, V, size=(2, 6))
    ids_c, lg_c = G.generate(p, prompt, 12, H, use_cache=True)
    ids_u, lg_u = G.generate(p, prompt, 12, H, use_cache=False)
    assert np.array_equal(ids_c, ids_u)
    np.testing.assert_allclose(lg_c, lg_u, rtol=1e-10, atol=1e-10)
    seq = np.concatenate([prompt, ids_c], axis=1)
    ref = _torch_logits(p, seq)[:, 5:-1]  # logits at the positions that chose each new token
    np.testing.assert_allclose(lg_c, ref, rtol=1e-9, atol=1e-9)
    assert np.array_equal(ids_c, ref.argmax(-1))
    assert len(set(ids_c[0].tolist())) > 1  # the weights are not so small that generation is trivial
