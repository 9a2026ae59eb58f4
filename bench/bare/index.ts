// The floor any webhook handler stands on: read the request body, answer 200 with a small JSON body.
export default {
  async fetch(request: Request): Promise<Response> {
    const body = await request.arrayBuffer();
    return Response.json({ accepted: true, bytes: body.byteLength });
  },
};
