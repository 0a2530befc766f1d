// A stand-in contacts API (Lambda proxy integration) for trying the authorizer end to end.
// The authorizer's context arrives in event.requestContext.authorizer: client_id, scope, jti, reason
// and, with the phantom-token pattern, "authorization" (the JWT to forward upstream).
const contacts = new Map([["1", { id: "1", name: "Ada Lovelace" }], ["2", { id: "2", name: "Alan Turing" }]]);

const reply = (statusCode, body) => ({
  statusCode,
  headers: { "content-type": "application/json" },
  body: JSON.stringify(body),
});

export const handler = async (event) => {
  const caller = event.requestContext?.authorizer?.client_id ?? event.requestContext?.authorizer?.principalId;
  const id = event.pathParameters?.id;
  switch (event.httpMethod) {
    case "GET":
      if (!id) return reply(200, { caller, contacts: [...contacts.values()] });
      return contacts.has(id) ? reply(200, contacts.get(id)) : reply(404, { message: "Not found" });
    case "POST": {
      const contact = { ...JSON.parse(event.body ?? "{}"), id: String(contacts.size + 1) };
      contacts.set(contact.id, contact);
      return reply(201, contact);
    }
    case "PUT":
      contacts.set(id, { ...JSON.parse(event.body ?? "{}"), id });
      return reply(200, contacts.get(id));
    case "DELETE":
      contacts.delete(id);
      return { statusCode: 204, body: "" };
    default:
      return reply(405, { message: "Method not allowed" });
  }
};
