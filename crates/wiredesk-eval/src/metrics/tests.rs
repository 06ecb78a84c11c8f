//! Hand-computable cases for NMI and B-cubed.

use super::{bcubed, nmi};

fn close(actual: f64, expected: f64) {
    assert!(
        (actual - expected).abs() < 1e-9,
        "got {actual}, expected {expected}"
    );
}

#[test]
fn identical_partitions_score_one() {
    let gold = [1, 1, 2, 2, 3];
    let pred = [7, 7, 9, 9, 4]; // labels are opaque: a renaming is the same partition
    close(nmi(&gold, &pred), 1.0);
    let (p, r, f) = bcubed(&gold, &pred);
    close(p, 1.0);
    close(r, 1.0);
    close(f, 1.0);
}

#[test]
fn all_singletons_have_full_precision_and_low_recall() {
    let gold = [1, 1, 1, 2];
    let pred = [1, 2, 3, 4];
    let (p, r, f) = bcubed(&gold, &pred);
    close(p, 1.0);
    // Three docs see 1/3 of their class, one sees all of its class.
    close(r, (3.0 * (1.0 / 3.0) + 1.0) / 4.0);
    close(f, 2.0 * 0.5 / 1.5);
    // I = H(K)-H(K|C) = H(C) since K is finer; NMI = sqrt(H(C)/H(K)).
    let h_c = -(0.75f64 * 0.75f64.ln() + 0.25 * 0.25f64.ln());
    let h_k = 4f64.ln();
    close(nmi(&gold, &pred), (h_c / h_k).sqrt());
}

#[test]
fn one_cluster_against_many_classes_is_zero_nmi() {
    let gold = [1, 2, 3, 4];
    let pred = [5, 5, 5, 5];
    close(nmi(&gold, &pred), 0.0);
    let (p, r, _) = bcubed(&gold, &pred);
    close(p, 0.25);
    close(r, 1.0);
}

#[test]
fn worked_example() {
    // gold: A A A B B ; pred: x x y y y
    let gold = [1, 1, 1, 2, 2];
    let pred = [10, 10, 20, 20, 20];
    // Pairs: (A,x)=2, (A,y)=1, (B,y)=2. n_A=3 n_B=2 n_x=2 n_y=3, N=5.
    let n: f64 = 5.0;
    let mutual = (2.0 / n) * (n * 2.0 / (3.0 * 2.0)).ln()
        + (1.0 / n) * (n * 1.0 / (3.0 * 3.0)).ln()
        + (2.0 / n) * (n * 2.0 / (2.0 * 3.0)).ln();
    let h = -(0.6f64 * 0.6f64.ln() + 0.4 * 0.4f64.ln()); // both sides are 3/2 splits
    close(nmi(&gold, &pred), mutual / h);
    // Precision per doc: A@x 2/2, 2/2; A@y 1/3; B@y 2/3, 2/3 -> (1+1+1/3+2/3+2/3)/5
    // Recall per doc:    A@x 2/3, 2/3; A@y 1/3; B@y 2/2, 2/2 -> (2/3+2/3+1/3+1+1)/5
    let (p, r, f) = bcubed(&gold, &pred);
    close(p, (1.0 + 1.0 + 1.0 / 3.0 + 2.0 / 3.0 + 2.0 / 3.0) / 5.0);
    close(r, (2.0 / 3.0 + 2.0 / 3.0 + 1.0 / 3.0 + 1.0 + 1.0) / 5.0);
    close(f, 2.0 * p * r / (p + r));
}

#[test]
fn empty_input_is_perfect_not_nan() {
    close(nmi(&[], &[]), 1.0);
    assert_eq!(bcubed(&[], &[]), (1.0, 1.0, 1.0));
}
