/**
 * An online message's row for a test that writes messages straight into the table (the search
 * index tests), each posted a minute after the one before; `id` only when the test places it.
 */
export function messageRows() {
  let minute = 0;
  return (title: string, content: string, id?: number) => ({
    ...(id ? { id } : {}),
    title,
    content,
    category: "OTHER" as never,
    postedAt: new Date(Date.UTC(2017, 10, 1, 1) + ++minute * 60_000),
    replyText: null,
    replyUnit: null,
    repliedAt: null,
    authorName: null,
    authorPhone: null,
  });
}
