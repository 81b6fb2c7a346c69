/** Dashboard entry point: styles, then the app. */
import 'maplibre-gl/dist/maplibre-gl.css';
import './styles/app.css';
import { startDashboard } from './app/dashboard.js';

void startDashboard();
