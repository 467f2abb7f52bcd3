namespace Commune.Gateway.Endpoints.Responses;

/// <summary>
/// Bad input found while reading a Responses body; the message names the field path (<c>input[3].call_id</c>). Thrown only inside the
/// readers and turned into a 400 by <see cref="ResponsesRequestReader.Read"/>, so the readers stay a straight walk over the JSON.
/// </summary>
internal sealed class ResponsesFieldException(string message) : Exception(message);
