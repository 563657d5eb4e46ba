"""Oracle tests for snippets/training_memory.py: hand-computed parameter counts of
LLaMA-7B and GPT-3 175B, the ZeRO paper's worked example, hand-computed activation
memory, and an explicit list of tensor shapes for a small model."""

import numpy as np
import pytest

import training_memory as tm


def test_llama_7b_param_count():
    # 2 * 32000 * 4096 (embedding + untied head)
    # + 32 * (4 * 4096^2 + 3 * 4096 * 11008 + 2 * 4096) + 4096 = 6,738,415,616,
    # the count reported for LLaMA-7B checkpoints.
    assert tm.param_count(tm.LLAMA_7B) == 6_738_415_616


def test_gpt3_param_count():
    # 50257 * 12288 + 2048 * 12288 + 96 * 1,812,099,072 + 2 * 12288 = 174,604,259,328 (~175B).
    assert tm.param_count(tm.GPT3_175B) == 174_604_259_328


def test_param_count_against_explicit_shapes():
    c = tm.TransformerConfig(n_layers=3, d_model=16, n_heads=4, vocab=50, d_ff=40,
                             seq_len=12, ffn_matrices=2, tied_embeddings=False,
                             learned_positions=True, biases=True)
    d, f = 16, 40
    shapes = [(50, d), (50, d), (12, d), (d,), (d,)]  # tok emb, head, positions, final LN
    for _ in range(3):
        shapes += [(d, d)] * 4 + [(d,)] * 4          # q, k, v, o and their biases
        shapes += [(d, f), (f,), (f, d), (d,)]       # MLP up/down with biases
        shapes += [(d,)] * 4                         # two LayerNorms (weight, bias)
    assert tm.param_count(c) == sum(int(np.prod(s)) for s in shapes)


def test_sixteen_bytes_per_param_for_7b():
    n = tm.param_count(tm.LLAMA_7B)
    np.testing.assert_allclose(tm.model_state_bytes(n), 16 * 6_738_415_616, rtol=0)
    np.testing.assert_allclose(tm.model_state_bytes(n) / 1e9, 107.81, atol=0.01)


@pytest.mark.parametrize("stage,expected_gb", [(0, 120.0), (1, 31.4), (2, 16.6), (3, 1.9)])
def test_zero_paper_example(stage, expected_gb):
    # Rajbhandari et al. (2020), Figure 1: 7.5B parameters, 64 data-parallel GPUs.
    got = tm.model_state_bytes(7.5e9, zero_stage=stage, n_gpus=64) / 1e9
    np.testing.assert_allclose(got, expected_gb, atol=0.05)


def test_activation_bytes_hand_computed():
    c = tm.GPT3_175B
    # s b h (34 + 5 a s / h) = 2048 * 12288 * (34 + 80) = 2,868,903,936 bytes per layer.
    assert tm.activation_bytes(c, 1, "none") == pytest.approx(96 * 2_868_903_936, rel=1e-12)
    assert tm.activation_bytes(c, 1, "selective") == pytest.approx(96 * 34 * 2048 * 12288, rel=1e-12)
    assert tm.activation_bytes(c, 2, "full") == pytest.approx(96 * 2 * 2048 * 2 * 12288, rel=1e-12)


def test_activations_linear_in_micro_batch():
    a1 = tm.activation_bytes(tm.LLAMA_7B, 1)
    a4 = tm.activation_bytes(tm.LLAMA_7B, 4)
    np.testing.assert_allclose(a4, 4 * a1, rtol=1e-12)
