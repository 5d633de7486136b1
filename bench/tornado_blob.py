#!/usr/bin/env python3
"""The 2012 "Tornado and Blob Chunking" recipe, ported to Python 3 and Tornado 6 for comparison.

Same idea and same weak spots as the original: read a chunk, write it, flush, and re-schedule
with IOLoop.add_callback, without waiting for the flush, so a slow client makes the server
buffer the file. One difference: it serves every file of a folder by name, so that one process
can be measured on several blobs.
"""
import os

from tornado.ioloop import IOLoop
from tornado.options import define, options, parse_command_line
from tornado.web import Application, HTTPError, RequestHandler

define("root", default=".", type=str, help="folder of blobs")
define("chunk_size", default=1024 * 1024, type=int)
define("port", default=8888, type=int)
define("address", default="127.0.0.1", type=str)


class FileHandler(RequestHandler):
    content_type = "application/octet-stream"

    async def get(self, name):
        path = os.path.join(options.root, os.path.basename(name))
        try:
            self.blob = open(path, "rb")
        except OSError:
            raise HTTPError(404)
        self.set_header("Content-Type", self.content_type)
        self.set_header("Content-Length", os.path.getsize(path))
        self.set_header("Content-Disposition", 'inline; filename="%s"' % os.path.basename(path))
        self.done = IOLoop.current().asyncio_loop.create_future()
        IOLoop.current().add_callback(self.send_chunk)
        await self.done

    def send_chunk(self):
        chunk = self.blob.read(options.chunk_size)
        if chunk:
            self.write(chunk)
            self.flush()  # not awaited: the recipe's way, and its memory problem
            IOLoop.current().add_callback(self.send_chunk)
        else:
            self.blob.close()
            self.finish()
            self.done.set_result(None)

    def on_connection_close(self):
        if not self.done.done():
            self.blob.close()
            self.done.set_result(None)


def main():
    parse_command_line()
    app = Application([(r"/(.+)", FileHandler)])
    app.listen(options.port, address=options.address, backlog=4096)
    IOLoop.current().start()


if __name__ == "__main__":
    main()
