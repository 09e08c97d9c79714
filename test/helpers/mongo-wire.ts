/**
 * A STAND-IN FOR MONGODB, because no MongoDB server can be installed on these machines.
 *
 * It is a minimal responder for the MongoDB wire protocol: a real TCP server on 127.0.0.1 that the
 * real `mongodb` driver connects to over a socket, so the mongodb check's driver calls, timeouts
 * and error handling run for real. It knows only what the check uses:
 * - the initial handshake, which the driver sends as a legacy OP_QUERY (opcode 2004) `hello` /
 *   `isMaster` on admin.$cmd before it knows the server speaks OP_MSG, answered with OP_REPLY;
 * - OP_MSG (opcode 2013) commands: `hello`/`isMaster`, `ping`, `aggregate` (what countDocuments
 *   sends), `endSessions`; anything else gets `{ok: 0, code: 59, CommandNotFound}` like a real
 *   server.
 * It stores no data: counts come from the `count` callback. When MONGODB_URI is set, the tests
 * run against that real server instead (see README.md, "Built-in checks").
 */
import { createServer, type Server, type Socket } from 'node:net';
import { BSON, type Document } from 'mongodb';

const { deserialize, Long, serialize } = BSON;

const OP_REPLY = 1;
const OP_QUERY = 2004;
const OP_MSG = 2013;

/** A command the responder received, for assertions. */
export interface ReceivedCommand {
  name: string;
  db: string;
  body: Document;
}

/** Options of the responder. */
export interface MongoWireOptions {
  /** Documents matching `filter` in `db.collection` (default 0). */
  count?: (namespace: string, filter: Document) => number;
  /** Answer nothing to commands (not to the handshake): a server that hangs. */
  hang?: boolean;
}

/** A running responder. */
export interface MongoWire {
  port: number;
  /** mongodb://127.0.0.1:PORT/?directConnection=true */
  url: string;
  /** Every command received after the handshake, in order. */
  commands: ReceivedCommand[];
  close(): Promise<void>;
}

/** Starts a responder on 127.0.0.1 on a free port. */
export async function startMongoWire(options: MongoWireOptions = {}): Promise<MongoWire> {
  const commands: ReceivedCommand[] = [];
  const sockets = new Set<Socket>();
  let nextId = 1;
  let connectionId = 0;

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    const id = ++connectionId;
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      // Messages are framed by their leading int32 length; a chunk may hold part of one or several.
      while (pending.length >= 4 && pending.length >= pending.readInt32LE(0)) {
        const length = pending.readInt32LE(0);
        const message = pending.subarray(0, length);
        pending = pending.subarray(length);
        const reply = answer(message, id);
        if (reply) socket.write(reply);
      }
    });
  });

  const answer = (message: Buffer, connection: number): Buffer | undefined => {
    const requestId = message.readInt32LE(4);
    const opCode = message.readInt32LE(12);
    if (opCode === OP_QUERY) {
      // flags(4), then the collection name as a C string, then skip(4) and return(4), then the query.
      const nameEnd = message.indexOf(0, 20);
      const query = deserialize(message.subarray(nameEnd + 9));
      return opReply(nextId++, requestId, hello(connection, query));
    }
    if (opCode !== OP_MSG) return undefined;
    const body = opMsgBody(message);
    const name = Object.keys(body)[0] ?? '';
    const db = String(body.$db ?? 'admin');
    if (name !== 'hello' && name !== 'isMaster' && name !== 'ismaster') {
      commands.push({ name, db, body });
      if (options.hang) return undefined;
    }
    return opMsg(nextId++, requestId, command(name, db, body, connection));
  };

  const command = (name: string, db: string, body: Document, connection: number): Document => {
    switch (name) {
      case 'hello':
      case 'isMaster':
      case 'ismaster':
        return hello(connection, body);
      case 'ping':
      case 'endSessions':
        return { ok: 1 };
      case 'aggregate': {
        const namespace = `${db}.${String(body.aggregate)}`;
        const pipeline = (body.pipeline ?? []) as Document[];
        const filter = (pipeline.find((stage) => '$match' in stage)?.$match ?? {}) as Document;
        const n = options.count?.(namespace, filter) ?? 0;
        // countDocuments is $match + $group {n: {$sum: 1}}: an empty collection groups to nothing.
        return { cursor: { firstBatch: n > 0 ? [{ _id: 1, n }] : [], id: Long.ZERO, ns: namespace }, ok: 1 };
      }
      default:
        return { ok: 0, errmsg: `no such command: '${name}'`, code: 59, codeName: 'CommandNotFound' };
    }
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  return {
    port,
    url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    commands,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What a standalone primary answers to hello. */
function hello(connection: number, request: Document): Document {
  return {
    helloOk: true,
    // The legacy name when asked in the legacy way, as servers do.
    ...('isMaster' in request || 'ismaster' in request ? { ismaster: true } : {}),
    isWritablePrimary: true,
    maxBsonObjectSize: 16 * 1024 * 1024,
    maxMessageSizeBytes: 48_000_000,
    maxWriteBatchSize: 100_000,
    localTime: new Date(),
    logicalSessionTimeoutMinutes: 30,
    connectionId: connection,
    minWireVersion: 0,
    maxWireVersion: 21,
    readOnly: false,
    ok: 1,
  };
}

/** The command of an OP_MSG: its kind-0 section, with any kind-1 document sequences folded in. */
function opMsgBody(message: Buffer): Document {
  const flags = message.readUInt32LE(16);
  // The checksumPresent flag adds 4 bytes at the end.
  const end = message.length - (flags & 1 ? 4 : 0);
  let offset = 20;
  let body: Document = {};
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    const size = message.readInt32LE(offset);
    if (kind === 0) body = { ...deserialize(message.subarray(offset, offset + size)), ...body };
    else {
      const nameEnd = message.indexOf(0, offset + 4);
      const name = message.subarray(offset + 4, nameEnd).toString('utf8');
      const documents: Document[] = [];
      for (let at = nameEnd + 1; at < offset + size; at += message.readInt32LE(at)) documents.push(deserialize(message.subarray(at, at + message.readInt32LE(at))));
      body[name] = documents;
    }
    offset += size;
  }
  return body;
}

function header(length: number, requestId: number, responseTo: number, opCode: number): Buffer {
  const buffer = Buffer.alloc(16);
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
  return buffer;
}

function opMsg(requestId: number, responseTo: number, document: Document): Buffer {
  const bson = serialize(document);
  const flagsAndKind = Buffer.alloc(5); // flags 0, section kind 0
  return Buffer.concat([header(16 + 5 + bson.length, requestId, responseTo, OP_MSG), flagsAndKind, bson]);
}

function opReply(requestId: number, responseTo: number, document: Document): Buffer {
  const bson = serialize(document);
  const fields = Buffer.alloc(20); // responseFlags 0, cursorID 0, startingFrom 0, numberReturned
  fields.writeInt32LE(1, 16);
  return Buffer.concat([header(16 + 20 + bson.length, requestId, responseTo, OP_REPLY), fields, bson]);
}
