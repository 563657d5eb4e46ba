"""Oracle: SciPy sparse normalisation, PyTorch autograd for the layer gradients, permutation equivariance."""

import numpy as np
import scipy.sparse as sp
import torch

import gcn as G


def _graph(n=12, seed=0):
    rng = np.random.default_rng(seed)
    A = np.triu(rng.random((n, n)) < 0.3, 1).astype(float)
    return A + A.T, rng


def test_normalized_adjacency_matches_scipy():
    A, _ = _graph()
    At = sp.csr_matrix(A) + sp.identity(len(A))
    Dm = sp.diags(np.asarray(At.sum(axis=1)).ravel() ** -0.5)
    np.testing.assert_allclose(G.normalized_adjacency(A), (Dm @ At @ Dm).toarray(), rtol=1e-12)
    # symmetric, spectrum in (-1, 1]
    ev = np.linalg.eigvalsh(G.normalized_adjacency(A))
    assert ev.max() <= 1 + 1e-12 and ev.min() > -1


def test_layer_forward_backward_match_torch():
    A, rng = _graph()
    A_hat = G.normalized_adjacency(A)
    H, W, b = rng.normal(size=(12, 5)), rng.normal(size=(5, 4)), rng.normal(size=4)
    out, cache = G.gcn_layer_forward(A_hat, H, W, b)
    g = rng.normal(size=out.shape)
    dH, dW, db = G.gcn_layer_backward(g, cache)
    tH, tW, tb = (torch.tensor(a, requires_grad=True) for a in (H, W, b))
    tout = torch.relu(torch.tensor(A_hat) @ tH @ tW + tb)
    tout.backward(torch.tensor(g))
    np.testing.assert_allclose(out, tout.detach().numpy(), rtol=1e-12, atol=1e-12)
    for ours, theirs in ((dH, tH), (dW, tW), (db, tb)):
        np.testing.assert_allclose(ours, theirs.grad.numpy(), rtol=1e-10, atol=1e-12)


def test_permutation_equivariance():
    A, rng = _graph(seed=3)
    H, W, b = rng.normal(size=(12, 5)), rng.normal(size=(5, 4)), rng.normal(size=4)
    perm = rng.permutation(12)
    out = G.gcn_layer_forward(G.normalized_adjacency(A), H, W, b)[0]
    out_p = G.gcn_layer_forward(G.normalized_adjacency(A[perm][:, perm]), H[perm], W, b)[0]
    np.testing.assert_allclose(out_p, out[perm], rtol=1e-12, atol=1e-12)


def test_semi_supervised_training_beats_chance():
    A, y = G.planted_partition(30, 3, 0.25, 0.01)
    X = np.eye(len(y))
    train_idx = np.array([0, 30, 60])
    pred = G.train_gcn(A, X, y, train_idx, epochs=150)
    assert (pred == y).mean() > 0.8
