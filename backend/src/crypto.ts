/** The backend's door to the shared crypto layer (it inspects and never decrypts reports). */
export * from '../../crypto/src/index';
