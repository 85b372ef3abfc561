.PHONY: setup demo test lint bench
setup:
	bash scripts/setup.sh
demo:
	bash scripts/demo.sh
test:
	bash scripts/test.sh
lint:
	.venv/bin/ruff check kow2v tests benchmarks && .venv/bin/mypy kow2v
bench:
	.venv/bin/python benchmarks/tokenizers.py
