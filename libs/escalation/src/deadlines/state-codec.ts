/** The codec moved to the kernel (conversations and pledges keep folded state too); re-exported for this context's users. */
export { decodeState, encodeState } from '@app/kernel';
