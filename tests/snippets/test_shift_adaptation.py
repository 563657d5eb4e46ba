"""Oracles: scikit-learn LogisticRegression (the domain classifier), LinearRegression with sample_weight
(weighted least squares), the true Gaussian density ratio, scipy.stats.multivariate_normal posteriors,
the true shifted class prior (BBSE, EM), a direct scipy.optimize maximisation of the target likelihood
over the prior (EM's fixed point), and the closed-form ESS of geometric weights."""

import numpy as np
import pytest
from scipy import optimize, stats
from sklearn.linear_model import LinearRegression, LogisticRegression

import shift_adaptation as S


def test_logistic_matches_sklearn():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(400, 3))
    y = (X @ [1.0, -2.0, 0.5] + 0.3 + rng.normal(size=400) > 0).astype(float)
    for l2 in (0.1, 1.0, 10.0):
        w, b = S.fit_logistic(X, y, l2)
        ref = LogisticRegression(C=1 / l2, tol=1e-12, max_iter=10_000).fit(X, y)
        np.testing.assert_allclose(w, ref.coef_[0], rtol=1e-5, atol=1e-7)
        np.testing.assert_allclose(b, ref.intercept_[0], rtol=1e-5, atol=1e-7)


def test_density_ratio_recovers_gaussian_ratio():
    rng = np.random.default_rng(1)
    xs, xt = rng.normal(0.5, 0.5, 20_000), rng.normal(0.0, 0.3, 10_000)
    w = S.density_ratio_weights(np.c_[xs, xs ** 2], np.c_[xt, xt ** 2], l2=1e-3)
    true = stats.norm(0, 0.3).pdf(xs) / stats.norm(0.5, 0.5).pdf(xs)
    true /= true.mean()
    bulk = (xs > -0.3) & (xs < 0.6)                         # where both densities have mass
    assert np.max(np.abs(np.log(w[bulk]) - np.log(true[bulk]))) < 0.1
    np.testing.assert_allclose(w.mean(), 1.0, rtol=1e-12)


def test_weighted_least_squares_and_ess():
    rng = np.random.default_rng(2)
    X, y, w = rng.normal(size=(300, 2)), rng.normal(size=300), rng.exponential(size=300)
    ref = LinearRegression().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(S.weighted_least_squares(X, y, w), np.r_[ref.coef_, ref.intercept_], rtol=1e-8)
    assert S.effective_sample_size(np.ones(50)) == pytest.approx(50, rel=1e-12)
    assert S.effective_sample_size(np.r_[1.0, np.zeros(49)]) == pytest.approx(1, rel=1e-12)


def test_importance_weighting_lowers_target_error():
    rng = np.random.default_rng(3)
    f = lambda x: x ** 3 - x
    xs, xt = rng.normal(0.5, 0.5, 3000), rng.normal(0.0, 0.3, 3000)
    ys, yt = f(xs) + rng.normal(0, 0.3, xs.size), f(xt) + rng.normal(0, 0.3, xt.size)
    w = S.density_ratio_weights(np.c_[xs, xs ** 2], np.c_[xt, xt ** 2])
    mse = lambda b: np.mean((yt - b[0] * xt - b[1]) ** 2)
    best = LinearRegression().fit(xt[:, None], yt)            # the best linear fit on the target itself
    assert mse(S.weighted_least_squares(xs[:, None], ys, w)) < 0.5 * mse(S.weighted_least_squares(xs[:, None], ys, np.ones_like(w)))
    assert mse(S.weighted_least_squares(xs[:, None], ys, w)) < 1.1 * mse([best.coef_[0], best.intercept_])


def make_label_shift(seed, p_s, q_t, n=20_000):
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0], [1.5, 0.5], [0.5, 1.5]])
    def sample(priors):
        y = rng.choice(3, size=n, p=priors)
        return means[y] + rng.normal(size=(n, 2)), y
    return sample(p_s), sample(p_s), sample(q_t)


def test_lda_posteriors_match_scipy():
    (X, y), _, _ = make_label_shift(4, [0.5, 0.3, 0.2], [0.5, 0.3, 0.2], n=2000)
    m, C, pri = S.fit_lda(X, y, 3)
    dens = np.stack([stats.multivariate_normal(m[c], C).pdf(X) * pri[c] for c in range(3)], axis=1)
    np.testing.assert_allclose(S.lda_proba(X, m, C, pri), dens / dens.sum(axis=1, keepdims=True), rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("q_t", [[0.2, 0.3, 0.5], [0.1, 0.8, 0.1]])
def test_bbse_and_em_recover_true_target_prior(q_t):
    p_s = np.array([0.6, 0.3, 0.1])
    (Xtr, ytr), (Xva, yva), (Xt, yt) = make_label_shift(5, p_s, q_t, n=50_000)
    m, C, pri = S.fit_lda(Xtr, ytr, 3)
    Pva, Pt = S.lda_proba(Xva, m, C, pri), S.lda_proba(Xt, m, C, pri)
    w, q = S.bbse(Pva.argmax(1), yva, Pt.argmax(1), 3)
    np.testing.assert_allclose(q, q_t, atol=0.025)               # sampling error at n = 50,000 is about 0.01
    np.testing.assert_allclose(w, np.divide(q_t, p_s), rtol=0.15)
    pi, adj = S.em_prior_adjustment(Pt, pri)
    np.testing.assert_allclose(pi, q_t, atol=0.025)
    assert (adj.argmax(1) == yt).mean() > (Pt.argmax(1) == yt).mean() + 0.05   # adapted decisions help


def test_em_is_the_maximum_likelihood_prior():
    (Xtr, ytr), _, (Xt, _) = make_label_shift(6, [0.6, 0.3, 0.1], [0.2, 0.3, 0.5], n=3000)
    m, C, pri = S.fit_lda(Xtr, ytr, 3)
    Pt = S.lda_proba(Xt, m, C, pri)
    def nll(z):                                                # prior parametrised by softmax(z)
        pi = np.exp(z - z.max()); pi /= pi.sum()
        return -np.sum(np.log(Pt @ (pi / pri)))
    z = optimize.minimize(nll, np.zeros(3), method="BFGS", options={"gtol": 1e-10}).x
    pi_ref = np.exp(z - z.max()); pi_ref /= pi_ref.sum()
    np.testing.assert_allclose(S.em_prior_adjustment(Pt, pri, iters=20_000, tol=1e-13)[0], pi_ref, atol=1e-5)


def test_recency_weights():
    np.testing.assert_allclose(S.recency_weights([0, 3, 6], 3.0), [1.0, 0.5, 0.25], rtol=1e-12)
    h = 5.0
    r = 0.5 ** (1 / h)
    w = S.recency_weights(np.arange(10_000), h)
    np.testing.assert_allclose(S.effective_sample_size(w), (1 + r) / (1 - r), rtol=1e-9)
