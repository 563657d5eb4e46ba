"""Oracles: exact expected regret of each policy on a two-armed Bernoulli bandit by dynamic
programming over (pulls, successes) states (Thompson's choice probabilities by scipy quadrature);
the UCB1 bound of Auer et al. (2002); epsilon-greedy's asymptotic regret slope; LinUCB's
estimates against scikit-learn Ridge and numpy.linalg.inv; the off-policy estimators' exact
means and variances by enumerating every logged dataset of size 1 and 2."""

import itertools
from functools import lru_cache

import numpy as np
from scipy import integrate, stats
from sklearn.linear_model import Ridge

import bandits as B

MEANS = np.array([0.7, 0.4])
T_SMALL = 6


def _exact_regret(policy, eps=0.2, c=2.0):
    gap = MEANS[0] - MEANS[1]

    @lru_cache(maxsize=None)
    def thompson_p0(s0, f0, s1, f1):  # P(theta_0 >= theta_1) under the Beta posteriors
        f = lambda x: stats.beta.pdf(x, 1 + s0, 1 + f0) * stats.beta.cdf(x, 1 + s1, 1 + f1)
        return integrate.quad(f, 0, 1, epsabs=1e-12)[0]

    @lru_cache(maxsize=None)
    def future(t, n0, s0, n1, s1):
        if t == T_SMALL:
            return 0.0
        if policy == "thompson":
            p0 = thompson_p0(s0, n0 - s0, s1, n1 - s1)
        elif t < 2:
            p0 = 1.0 if t == 0 else 0.0
        else:
            m0, m1 = s0 / n0, s1 / n1
            if policy == "ucb":
                u0, u1 = m0 + np.sqrt(c * np.log(t) / n0), m1 + np.sqrt(c * np.log(t) / n1)
                p0 = 1.0 if u0 >= u1 else 0.0
            else:
                p0 = (1 - eps) * (1.0 if m0 >= m1 else 0.0) + eps / 2
        value = 0.0
        for arm, p_arm in ((0, p0), (1, 1 - p0)):
            if p_arm == 0:
                continue
            for r, p_r in ((1, MEANS[arm]), (0, 1 - MEANS[arm])):
                nxt = (t + 1, n0 + (arm == 0), s0 + r * (arm == 0), n1 + (arm == 1), s1 + r * (arm == 1))
                value += p_arm * p_r * ((arm == 1) * gap + future(*nxt))
        return value

    return future(0, 0, 0, 0, 0)


def test_simulated_regret_matches_exact_expectation():
    for policy in ("ucb", "eps-greedy", "thompson"):
        arms, _ = B.simulate_mab(policy, MEANS, T_SMALL, runs=200_000, seed=3, eps=0.2)
        per_run = np.cumsum(MEANS.max() - MEANS[arms], axis=1)[:, -1]
        exact = _exact_regret(policy)
        se = per_run.std() / np.sqrt(len(per_run))
        assert abs(per_run.mean() - exact) < 4 * se, (policy, per_run.mean(), exact, se)
        np.testing.assert_allclose(B.pseudo_regret(arms, MEANS)[-1], per_run.mean(), rtol=1e-9)


def test_ucb1_within_auer_bound_and_pull_counts():
    means = np.array([0.6, 0.5, 0.4, 0.2])
    T = 3000
    arms, _ = B.simulate_mab("ucb", means, T, runs=100, seed=4)
    gaps = means.max() - means
    expected_bound = sum(8 * np.log(T) / g + (1 + np.pi ** 2 / 3) * g for g in gaps if g > 0)
    np.testing.assert_allclose(B.ucb1_bound(means, T), expected_bound, rtol=1e-12)
    assert B.pseudo_regret(arms, means)[-1] < expected_bound
    for a in range(1, 4):  # E[N_a(T)] <= 8 ln T / gap^2 + 1 + pi^2 / 3
        assert (arms == a).sum(1).mean() <= 8 * np.log(T) / gaps[a] ** 2 + 1 + np.pi ** 2 / 3


def test_eps_greedy_regret_grows_linearly_with_slope_eps_times_mean_gap():
    means = np.array([0.8, 0.5, 0.2])
    eps = 0.1
    arms, _ = B.simulate_mab("eps-greedy", means, 4000, runs=300, seed=5, eps=eps)
    R = B.pseudo_regret(arms, means)
    slope = (R[-1] - R[1999]) / 2000
    np.testing.assert_allclose(slope, eps * np.mean(means.max() - means), rtol=0.1)


def test_linucb_estimates_are_per_arm_ridge_regressions():
    rng = np.random.default_rng(6)
    T, d, K, lam = 400, 5, 3, 2.0
    contexts = rng.normal(size=(T, d)) / np.sqrt(d)
    thetas = rng.normal(size=(K, d))
    out = B.linucb(contexts, thetas, alpha=1.0, lam=lam, noise=0.1, seed=7)
    for a in range(K):
        X, y = contexts[out["arms"] == a], out["rewards"][out["arms"] == a]
        ridge = Ridge(alpha=lam, fit_intercept=False, solver="cholesky").fit(X, y)
        np.testing.assert_allclose(out["theta_hat"][a], ridge.coef_, rtol=1e-8, atol=1e-10)
        np.testing.assert_allclose(out["A_inv"][a], np.linalg.inv(lam * np.eye(d) + X.T @ X), rtol=1e-8, atol=1e-12)
    # the regret per round falls: the second half of the run costs less than the first
    R = out["regret"]
    assert R[-1] - R[T // 2 - 1] < 0.5 * R[T // 2 - 1]


# a small logging problem: 2 contexts, 3 actions, Bernoulli rewards
PX = np.array([0.3, 0.7])
Q = np.array([[0.2, 0.5, 0.9], [0.6, 0.1, 0.3]])
MU = np.array([[0.5, 0.3, 0.2], [0.2, 0.3, 0.5]])
PI = np.array([[0.1, 0.2, 0.7], [0.8, 0.1, 0.1]])
Q_WRONG = np.array([[0.5, 0.5, 0.5], [0.2, 0.6, 0.4]])


def _enumerate(n):
    """Every dataset of n logged (x, a, r) triples and its probability under mu."""
    triples = [(x, a, r) for x in range(2) for a in range(3) for r in (0, 1)]
    prob = {t: PX[t[0]] * MU[t[0], t[1]] * (Q[t[0], t[1]] if t[2] else 1 - Q[t[0], t[1]]) for t in triples}
    data = list(itertools.product(triples, repeat=n))
    x = np.array([[t[0] for t in d] for d in data])
    a = np.array([[t[1] for t in d] for d in data])
    r = np.array([[t[2] for t in d] for d in data], dtype=float)
    p = np.array([np.prod([prob[t] for t in d]) for d in data])
    return x, a, r, p


def _moments(n, q_hat):
    x, a, r, p = _enumerate(n)
    np.testing.assert_allclose(p.sum(), 1.0, rtol=1e-12)
    est = B.ope_estimates(x, a, r, MU, PI, q_hat)
    return {k: (p @ v, p @ v ** 2 - (p @ v) ** 2) for k, v in est.items()}


def test_ope_exact_expectations():
    V = float(np.sum(PX[:, None] * PI * Q))
    np.testing.assert_allclose(B.true_value(PX, Q, PI), V, rtol=1e-12)
    m1, m2 = _moments(1, Q_WRONG), _moments(2, Q_WRONG)
    for m in (m1, m2):
        np.testing.assert_allclose(m["IPS"][0], V, rtol=1e-12)       # IPS is unbiased
        np.testing.assert_allclose(m["DR"][0], V, rtol=1e-12)        # so is DR with a wrong reward model
        np.testing.assert_allclose(m["DM"][0], np.sum(PX[:, None] * PI * Q_WRONG), rtol=1e-12)  # DM's bias is the model's
    # SNIPS with one sample returns that sample's reward: its mean is the logging policy's value
    np.testing.assert_allclose(m1["SNIPS"][0], np.sum(PX[:, None] * MU * Q), rtol=1e-12)
    assert abs(m2["SNIPS"][0] - V) < abs(m1["SNIPS"][0] - V)              # the bias shrinks with n
    # Var(IPS) for one sample in closed form, and 1/n scaling
    var1 = np.sum(PX[:, None] * MU * (PI / MU) ** 2 * Q) - V ** 2
    np.testing.assert_allclose(m1["IPS"][1], var1, rtol=1e-12)
    np.testing.assert_allclose(m2["IPS"][1], var1 / 2, rtol=1e-12)
    # with the true reward model DR removes the reward-model part of the variance
    perfect = _moments(1, Q)
    np.testing.assert_allclose(perfect["DR"][0], V, rtol=1e-12)
    assert perfect["DR"][1] < m1["IPS"][1] and perfect["DR"][1] < m1["DR"][1]


def test_logged_data_simulation_matches_enumeration():
    exact = _moments(2, Q_WRONG)
    x, a, r = B.log_data(PX, Q, MU, 2, np.random.default_rng(8), reps=200_000)
    est = B.ope_estimates(x, a, r, MU, PI, Q_WRONG)
    for k, (mean, var) in exact.items():
        se = np.sqrt(var / len(est[k]))
        assert abs(est[k].mean() - mean) < 4 * se, (k, est[k].mean(), mean)
        np.testing.assert_allclose(est[k].var(), var, rtol=0.03)
    freq = np.bincount((3 * x + a).ravel(), minlength=6) / x.size
    np.testing.assert_allclose(freq, (PX[:, None] * MU).ravel(), atol=3e-3)
