"""A misbehaving OpenAI-compatible server on loopback: the test double for an external LLM service.

The real `openai` client (through HALO's OpenAIBackend) talks HTTP to it; what it answers is chosen per
request by `choose(body) -> behaviour`, where body is the parsed chat-completions request:

    "ok:<text>"  a well-formed chat completion whose message is <text>
    "slow:<s>:<text>"  the same after <s> seconds (a slow but healthy model)
    "timeout"    holds the request open for `hang_s` seconds, then closes it without an answer
    "500"        HTTP 500 with a JSON error body
    "garbage"    HTTP 200 whose body is not JSON (it echoes the request's Authorization header, as a broken
                 proxy might: the key must still never reach a trace)
    "drop"       closes the connection without any answer
    "shutdown"   stops listening (later connections are refused) and drops this request

    with FaultyLLM(lambda body: "500") as llm:
        llm.url          # http://127.0.0.1:<port>/v1
        llm.requests     # every request body received, in order
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable


def _completion(text: str, model: str) -> dict:
    return {
        "id": "chatcmpl-fault",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 10, "completion_tokens": 5, "total_tokens": 15},
    }


class FaultyLLM:
    def __init__(self, choose: Callable[[dict], str], hang_s: float = 5.0):
        self.choose = choose
        self.hang_s = hang_s
        self.requests: list[dict] = []
        self.authorizations: list[str] = []
        self._closed = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # /v1/models: HALO's pre-flight reachability check
                self._json(200, {"object": "list", "data": [{"id": "fault-model", "object": "model"}]})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                owner.requests.append(body)
                owner.authorizations.append(self.headers.get("Authorization", ""))
                behaviour = owner.choose(body)
                if behaviour.startswith("slow:"):
                    _, seconds, text = behaviour.split(":", 2)
                    owner._closed.wait(float(seconds))
                    behaviour = "ok:" + text
                if behaviour.startswith("ok:"):
                    self._json(200, _completion(behaviour[3:], body.get("model", "")))
                elif behaviour == "500":
                    self._json(500, {"error": {"message": "internal server error", "type": "server_error"}})
                elif behaviour == "garbage":
                    raw = f"<html>proxy error for {self.headers.get('Authorization', '')}</html>".encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(raw)))
                    self.end_headers()
                    self.wfile.write(raw)
                elif behaviour == "timeout":
                    owner._closed.wait(owner.hang_s)
                    self.close_connection = True
                elif behaviour == "drop":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                elif behaviour == "shutdown":
                    threading.Thread(target=owner.close, daemon=True).start()
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                else:
                    raise ValueError(f"unknown behaviour {behaviour!r}")

            def _json(self, status: int, data: dict):
                raw = json.dumps(data).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/v1"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        if not self._closed.is_set():
            self._closed.set()
            self.server.shutdown()
            self.server.server_close()

    def __enter__(self) -> "FaultyLLM":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def goal_of(body: dict) -> str:
    """The whole prompt as one string (to pick a behaviour by the task's goal)."""
    return "\n".join(str(m.get("content", "")) for m in body.get("messages", []))
