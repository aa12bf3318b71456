import { SUBGRAPHS, type SubgraphName } from "../../common/config";

/** What one `npm run soak` does; read from the command line (`npm run soak -- --seconds 20 …`). */
export interface SoakOptions {
  seconds: number;
  connections: number;
  /** fresh `soak_*` databases on this MySQL/MariaDB server instead of SQLite files */
  mysqlUrl: string | null;
  /** kill this subgraph (SIGKILL) in the middle and start it again */
  restartSubgraph: SubgraphName | null;
  /** MySQL only: the database goes away in the middle (through the soak's own TCP proxy) */
  restartDatabase: boolean;
  /** how long a killed subgraph or the database stays away */
  outageSeconds: number;
  /** where the results go as JSON, besides the printed summary */
  jsonFile: string | null;
  /** the random seed of the workload, so a run can be repeated */
  seed: number;
  /** show the children's output as it comes */
  verbose: boolean;
}

export const USAGE = `npm run soak -- [options]
  --seconds N                 how long the clients run (default 60)
  --connections N             concurrent clients, each its own account (default 30)
  --mysql                     fresh soak_* databases on MariaDB/MySQL instead of SQLite files
  --mysql-url URL             the server for --mysql (default mysql://root@127.0.0.1:3306)
  --restart-subgraph NAME     kill NAME (SIGKILL) in the middle and start it again (${SUBGRAPHS.join(", ")})
  --restart-database          with --mysql: drop every database connection and refuse new ones in the middle
  --outage-seconds N          how long a restarted part stays away (default 5)
  --json FILE                 also write the results as JSON
  --seed N                    the workload's random seed (default: the time)
  --verbose                   show the children's output
Exits 1 when an acknowledged write is missing, changed or duplicated, an audit row is missing,
or a request failed unexpectedly (INTERNAL_SERVER_ERROR, a code outside the expected set).`;

function whole(flag: string, value: string | undefined, min: number): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < min)
    throw new Error(`${flag} needs a whole number of at least ${min}`);
  return n;
}

export function parseOptions(argv: string[]): SoakOptions | "help" {
  const o: SoakOptions = {
    seconds: 60,
    connections: 30,
    mysqlUrl: null,
    restartSubgraph: null,
    restartDatabase: false,
    outageSeconds: 5,
    jsonFile: null,
    seed: Date.now() % 1_000_000,
    verbose: false,
  };
  let mysql = false;
  let mysqlUrl = "mysql://root@127.0.0.1:3306";
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith("--")) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case "--seconds":
        o.seconds = whole(flag, value(), 1);
        break;
      case "--connections":
        o.connections = whole(flag, value(), 1);
        break;
      case "--mysql":
        mysql = true;
        break;
      case "--mysql-url":
        mysql = true;
        mysqlUrl = value().replace(/\/+$/, "");
        break;
      case "--restart-subgraph": {
        const name = value();
        if (!SUBGRAPHS.includes(name as SubgraphName))
          throw new Error(`--restart-subgraph: "${name}" is none of ${SUBGRAPHS.join(", ")}`);
        o.restartSubgraph = name as SubgraphName;
        break;
      }
      case "--restart-database":
        o.restartDatabase = true;
        break;
      case "--outage-seconds":
        o.outageSeconds = whole(flag, value(), 1);
        break;
      case "--json":
        o.jsonFile = value();
        break;
      case "--seed":
        o.seed = whole(flag, value(), 0);
        break;
      case "--verbose":
        o.verbose = true;
        break;
      case "--help":
      case "-h":
        return "help";
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  if (mysql) {
    if (!/^mysql:\/\/[^/]+$/.test(mysqlUrl))
      throw new Error("--mysql-url must be mysql://user[:password]@host:port, without a database");
    o.mysqlUrl = mysqlUrl;
  }
  if (o.restartDatabase && !o.mysqlUrl)
    throw new Error("--restart-database needs --mysql (SQLite has no server to lose)");
  return o;
}
