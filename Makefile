.PHONY: test lint bench eval
test:
	pytest
lint:
	ruff check readlist tests
	mypy
bench:
	python -m bench.run
eval:
	readlist eval bench/eval/dev bench/eval/dev.gold.jsonl
	readlist eval bench/eval/test bench/eval/test.gold.jsonl
	readlist eval bench/eval/test2 bench/eval/test2.gold.jsonl
	readlist eval bench/eval/test3 bench/eval/test3.gold.jsonl
	readlist eval bench/eval/test4 bench/eval/test4.gold.jsonl
	readlist eval bench/eval/test5 bench/eval/test5.gold.jsonl
	readlist eval bench/eval/test6 bench/eval/test6.gold.jsonl
	readlist eval bench/eval/test7 bench/eval/test7.gold.jsonl
	readlist eval bench/eval/test8 bench/eval/test8.gold.jsonl
	readlist eval bench/eval/test9 bench/eval/test9.gold.jsonl
	readlist eval bench/eval/test10 bench/eval/test10.gold.jsonl
	readlist eval bench/eval/test11 bench/eval/test11.gold.jsonl
	readlist eval bench/eval/test12 bench/eval/test12.gold.jsonl
	readlist eval bench/eval/test13 bench/eval/test13.gold.jsonl
	readlist eval bench/eval/test14 bench/eval/test14.gold.jsonl
	readlist eval bench/eval/test15 bench/eval/test15.gold.jsonl
