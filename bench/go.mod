// The benchmark and measurement tools are a module of their own, so that
// installing envfence (go install ./..., as pre-commit's golang hooks do)
// builds the envfence command only. They run envfence as a binary built
// from the parent directory; they import none of its packages.
module github.com/envfence/envfence/bench

go 1.26
