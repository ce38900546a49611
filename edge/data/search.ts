/** The `like` pattern for "contains `q`", its own `%`, `_` and `\` taken literally (use with `escape '\'`). */
export const likeContaining = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
