//! Evaluations on public benchmarks: read a dataset from `../shared/datasets/`, run the same code
//! the pipeline runs, and report the metric beside the published figures. File IO lives here,
//! never in `wiredesk-analysis`.
pub mod cluster_dev;
pub mod cluster_jsonl;
pub mod conll;
pub mod emergent;
pub mod googlenews;
pub mod metrics;
pub mod polnear;
pub mod throughput;
pub mod wnut17;
