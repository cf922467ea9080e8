/** A receiver did not confirm a message; the text names no secret (the delivery log also redacts it). */
export class DeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DeliveryError";
  }
}
